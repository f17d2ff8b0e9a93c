/**
 * The page's side of the demo "Laravel app": what axios does in a Laravel front end. It reads
 * the CSRF token from `GET /app/me` (a Laravel page has it in `<meta name="csrf-token">`), sends
 * it as `X-CSRF-TOKEN` on every POST with the session cookie riding along, and adds
 * `X-Socket-ID` so `broadcast(...)->toOthers()` can leave the sender out.
 */
import { z } from 'zod';

/** A demo user as `/app/me` and `/app/login` describe it. */
export const appUserSchema = z.object({
  id: z.number(),
  name: z.string(),
  nameZh: z.string(),
  email: z.string(),
  orders: z.array(z.object({ id: z.number(), item: z.string() })).default([]),
});

/** A demo user. */
export type AppUser = z.infer<typeof appUserSchema>;

const sessionSchema = z.object({ user: appUserSchema.nullable(), csrfToken: z.string() });
const messageSchema = z.object({ message: z.string() }).loose();

/** One answer of the app: status and the parsed JSON body (or the text when not JSON). */
export interface AppAnswer {
  readonly status: number;
  readonly body: unknown;
  /** `message` of a JSON body, when it has one (Laravel's error answers do). */
  readonly message: string;
}

/** A visitor's session with the app. */
export class AppClient {
  /** The session's CSRF token; empty until {@link AppClient.me} ran. */
  csrfToken = '';
  /** The logged-in user, or null. */
  user: AppUser | null = null;

  /** `GET /app/me`: the user and a CSRF token (starts a session when there is none). */
  async me(): Promise<AppUser | null> {
    const answer = await this.#request('GET', '/app/me');
    this.#remember(answer);
    return this.user;
  }

  /** `GET /app/users`: the demo users one may log in as, with the orders they own. */
  async users(): Promise<AppUser[]> {
    const answer = await this.#request('GET', '/app/users');
    const parsed = z.object({ users: z.array(appUserSchema) }).safeParse(answer.body);
    return parsed.success ? parsed.data.users : [];
  }

  /** `POST /app/login` as a demo user (`{userId}`) or a guest (`{name}`). */
  async login(who: { userId: number } | { name: string }): Promise<AppAnswer> {
    const answer = await this.post('/app/login', who);
    if (answer.status === 200) this.#remember(answer);
    return answer;
  }

  /** `POST /app/logout`; the session continues as a guest with a new CSRF token. */
  async logout(): Promise<AppAnswer> {
    const answer = await this.post('/app/logout', {});
    if (answer.status === 200) this.#remember(answer);
    return answer;
  }

  /** A POST with the CSRF token; `socketId` becomes `X-Socket-ID` (for `toOthers()`). */
  async post(path: string, body: unknown, socketId?: string): Promise<AppAnswer> {
    if (this.csrfToken === '') await this.me();
    const answer = await this.#post(path, body, socketId);
    if (answer.status !== 419) return answer;
    // The session expired (or the server restarted): fetch a fresh token once, as a page
    // reload would, and try again.
    await this.me();
    return this.#post(path, body, socketId);
  }

  #post(path: string, body: unknown, socketId: string | undefined): Promise<AppAnswer> {
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      'X-CSRF-TOKEN': this.csrfToken,
      'X-Requested-With': 'XMLHttpRequest',
    };
    if (socketId !== undefined) headers['X-Socket-ID'] = socketId;
    return this.#request('POST', path, JSON.stringify(body), headers);
  }

  #remember(answer: AppAnswer): void {
    const parsed = sessionSchema.safeParse(answer.body);
    if (!parsed.success) throw new Error(`Unexpected answer from the app (${answer.status})`);
    this.csrfToken = parsed.data.csrfToken;
    this.user = parsed.data.user;
  }

  async #request(
    method: string,
    path: string,
    body?: string,
    headers: Record<string, string> = {},
  ): Promise<AppAnswer> {
    const response = await fetch(path, {
      method,
      headers: { Accept: 'application/json', ...headers },
      credentials: 'same-origin',
      cache: 'no-store',
      ...(body === undefined ? {} : { body }),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text) as unknown;
    } catch {
      // Not JSON: keep the text (an HTML error page, say).
    }
    const message = messageSchema.safeParse(parsed);
    return {
      status: response.status,
      body: parsed,
      message: message.success ? message.data.message : '',
    };
  }
}
