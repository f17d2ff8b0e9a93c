/**
 * A browser-like HTTP client for the app's endpoints: keeps the session cookie, sends the
 * CSRF token it was given, and returns status, headers and the raw body.
 */

/** One answer, body kept as text (Laravel's bodies are compared byte for byte). */
export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json(): unknown;
}

/** A visitor with a cookie jar. */
export class SiteClient {
  readonly #base: string;
  readonly #cookies = new Map<string, string>();
  csrfToken = '';

  constructor(base: string) {
    this.#base = base;
  }

  /** The `Cookie` header the visitor's browser would send. */
  cookieHeader(): string {
    return [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  async request(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Answer> {
    const init: RequestInit = { method, headers: { ...headers }, redirect: 'manual' };
    const sent = init.headers as Record<string, string>;
    if (this.#cookies.size > 0) sent['cookie'] = this.cookieHeader();
    if (body !== undefined) {
      if (typeof body === 'string') {
        sent['content-type'] ??= 'application/x-www-form-urlencoded';
        init.body = body;
      } else {
        sent['content-type'] = 'application/json';
        init.body = JSON.stringify(body);
      }
    }
    const response = await fetch(`${this.#base}${path}`, init);
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const index = pair?.indexOf('=') ?? -1;
      if (pair !== undefined && index > 0)
        this.#cookies.set(pair.slice(0, index), pair.slice(index + 1));
    }
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      text,
      json: () => JSON.parse(text) as unknown,
    };
  }

  /** `GET /app/me`, remembering the CSRF token. */
  async me(): Promise<{ user: { id: number; name: string } | null; csrfToken: string }> {
    const answer = await this.request('GET', '/app/me');
    const body = answer.json() as { user: { id: number; name: string } | null; csrfToken: string };
    this.csrfToken = body.csrfToken;
    return body;
  }

  /** A state-changing request carrying the CSRF token, as Laravel pages send it. */
  post(path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
    return this.request('POST', path, body, { 'x-csrf-token': this.csrfToken, ...headers });
  }

  /** Fetches a CSRF token, then logs in as a demo user. */
  async login(userId: number): Promise<Answer> {
    if (this.csrfToken === '') await this.me();
    const answer = await this.post('/app/login', { userId });
    if (answer.status === 200) this.csrfToken = (answer.json() as { csrfToken: string }).csrfToken;
    return answer;
  }

  /** `POST /broadcasting/auth` with a form body, as the echo server sends it. */
  auth(channelName: string, headers: Record<string, string> = {}): Promise<Answer> {
    return this.post('/broadcasting/auth', `channel_name=${encodeURIComponent(channelName)}`, {
      'x-requested-with': 'XMLHttpRequest',
      ...headers,
    });
  }
}
