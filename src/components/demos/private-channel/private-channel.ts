/**
 * The ch4-private demo's custom element. The reader logs in as a demo user (a real session:
 * `POST /app/login`), then subscribes a real laravel-echo 2.x to `Echo.private('order.' + id)`.
 * The echo server asks the app's `/broadcasting/auth`; the `auth-log` service streams that
 * request and the app's answer back, and a refusal arrives as `subscription_error`. After a
 * login Echo is rebuilt, as the page reload after a Laravel login would: the socket's handshake
 * carries the session cookie the echo server forwards.
 */
import { DemoElement } from '../../../lib/demo/demo-element.ts';
import { LogPanel, trimForLog } from '../../../lib/demo/log-panel.ts';
import { AppClient, type AppUser } from '../../../lib/echo/app-client.ts';
import { fill, readStrings, type DemoStrings } from '../../../lib/echo/demo-strings.ts';
import { connectEcho, type EchoConnection } from '../../../lib/echo/echo-connection.ts';
import type { ChannelLike } from '../../../lib/echo/echo-types.ts';
import type { Frame } from '../../../lib/echo/frame-tap.ts';
import {
  answerText,
  orderChannel,
  parseAuthRecord,
  requestText,
  subscribeCode,
  type AuthRecordView,
} from './private-channel-model.ts';

const updateOf = (data: unknown): string =>
  typeof data === 'object' && data !== null && 'update' in data && typeof data.update === 'string'
    ? data.update
    : JSON.stringify(data);

/** `<private-channel-demo>`. */
export class PrivateChannelDemo extends DemoElement {
  protected override needs = ['redis'] as const;
  #strings: DemoStrings = {};
  #app = new AppClient();
  #users: AppUser[] = [];
  #connection: EchoConnection | undefined;
  #stream: EventSource | undefined;
  #orderId: number | undefined;
  #joined = false;
  #frames: LogPanel | undefined;
  #received: LogPanel | undefined;

  #part<T extends Element = HTMLElement>(role: string): T {
    const element = this.querySelector<T>(`[data-role="${role}"]`);
    if (element === null) throw new Error(`ch4-private: missing [data-role="${role}"]`);
    return element;
  }

  override connectedCallback(): void {
    this.#strings = readStrings(this);
    this.#frames = new LogPanel(this.#part<HTMLOListElement>('frames'));
    this.#received = new LogPanel(this.#part<HTMLOListElement>('received'));
    this.#part('login').addEventListener('click', () => void this.#login());
    this.#part('subscribe').addEventListener('click', () => this.#subscribe());
    this.#part('ship').addEventListener('click', () => void this.#ship());
    this.#part('order').addEventListener('change', () => this.#showCode());
    this.addEventListener('demo-state', () => this.#showControls());
    this.#showCode();
    super.connectedCallback();
  }

  #selectedOrder(): number {
    return Number(this.#part<HTMLSelectElement>('order').value) || 1;
  }

  #showCode(): void {
    this.#part('code').textContent = subscribeCode(this.#selectedOrder());
  }

  #name(user: AppUser): string {
    return this.#strings['lang'] === 'en' ? user.name : user.nameZh;
  }

  #showControls(): void {
    const live = this.dataset['state'] === 'live';
    this.#part('state').textContent =
      this.#strings[`state_${this.dataset['state'] ?? 'offline'}`] ?? '';
    for (const role of ['login', 'subscribe']) this.#part<HTMLButtonElement>(role).disabled = !live;
    this.#part<HTMLButtonElement>('ship').disabled = !live || !this.#joined;
    const user = this.#app.user;
    this.#part('whoami').textContent =
      user === null
        ? (this.#strings['guest'] ?? '')
        : fill(this.#strings['logged_in'] ?? '', {
            name: this.#name(user),
            orders: user.orders.map((order) => `#${order.id}`).join(', ') || '—',
          });
  }

  #fillSelects(): void {
    const userSelect = this.#part<HTMLSelectElement>('user');
    const orderSelect = this.#part<HTMLSelectElement>('order');
    const chosenUser = userSelect.value;
    const chosenOrder = orderSelect.value;
    const userOptions = [new Option(this.#strings['nobody'] ?? '—', '0')];
    const orderOptions: HTMLOptionElement[] = [];
    for (const user of this.#users) {
      userOptions.push(new Option(`${this.#name(user)} (id ${user.id})`, String(user.id)));
      for (const order of user.orders) {
        const label = fill(this.#strings['order_option'] ?? '#{id}', {
          id: order.id,
          item: order.item,
          owner: this.#name(user),
        });
        orderOptions.push(new Option(label, String(order.id)));
      }
    }
    orderOptions.sort((a, b) => Number(a.value) - Number(b.value));
    userSelect.replaceChildren(...userOptions);
    orderSelect.replaceChildren(...orderOptions);
    userSelect.value = chosenUser || String(this.#app.user?.id ?? 0);
    if (chosenOrder) orderSelect.value = chosenOrder;
    this.#showCode();
  }

  protected override async start(): Promise<void> {
    await this.#app.me();
    this.#users = await this.#app.users();
    this.#fillSelects();
    await this.#connect();
  }

  protected override stop(): void {
    this.#stream?.close();
    this.#stream = undefined;
    this.#connection?.close();
    this.#connection = undefined;
    this.#orderId = undefined;
    this.#joined = false;
  }

  async #connect(): Promise<void> {
    const connection = await connectEcho(
      { csrfToken: this.#app.csrfToken },
      {
        onState: (state, reason) => this.setState(state, reason),
        onFrame: (frame) => this.#onFrame(frame),
        onConnect: (socket) => this.#openStream(socket.id),
      },
    );
    connection.socket.on('subscription_error', ((channel: string, status: number) =>
      this.#refused(channel, status)) as (...args: never[]) => void);
    this.#connection = connection;
    this.#showControls();
  }

  #openStream(socketId: string | undefined): void {
    this.#stream?.close();
    if (socketId === undefined) return;
    const stream = new EventSource(`/demos/auth-log/stream?socket=${encodeURIComponent(socketId)}`);
    stream.addEventListener('auth', (event) => {
      const record = parseAuthRecord(String((event as MessageEvent).data));
      if (record !== undefined) this.#showRecord(record);
    });
    this.#stream = stream;
  }

  async #login(): Promise<void> {
    const userId = Number(this.#part<HTMLSelectElement>('user').value);
    const answer = userId > 0 ? await this.#app.login({ userId }) : await this.#app.logout();
    this.#outcome(
      answer.status === 200 ? '' : 'bad',
      answer.status === 200 ? '' : `HTTP ${answer.status} ${answer.message}`,
    );
    // A new session means a new cookie and CSRF token: Echo starts again with them.
    this.stop();
    this.setState('connecting');
    this.#clearRecord();
    await this.#connect();
  }

  #subscribe(): void {
    const echo = this.#connection?.echo;
    if (echo === undefined) return;
    if (this.#orderId !== undefined) echo.leave(`order.${this.#orderId}`);
    const orderId = this.#selectedOrder();
    this.#orderId = orderId;
    this.#joined = false;
    this.#clearRecord();
    this.#outcome('', fill(this.#strings['waiting'] ?? '', { channel: orderChannel(orderId) }));
    const channel: ChannelLike = echo.private(`order.${orderId}`);
    channel.listen('OrderShipped', (data) =>
      this.#received?.add({ tag: 'OrderShipped', text: updateOf(data), kind: 'in' }),
    );
    this.#showControls();
  }

  #showRecord(record: AuthRecordView): void {
    if (this.#orderId === undefined || record.channel !== orderChannel(this.#orderId)) return;
    this.#part('request').textContent = requestText(record, this.#app.csrfToken);
    this.#part('answer').textContent = answerText(record, this.#strings['no_answer'] ?? '');
    this.#part('reason').textContent = record.answer?.reason ?? '';
    if (record.outcome === 'joined') {
      this.#joined = true;
      this.#outcome('ok', fill(this.#strings['joined'] ?? '', { channel: record.channel }));
      this.#showControls();
    }
  }

  #refused(channel: string, status: number): void {
    if (this.#orderId === undefined || channel !== orderChannel(this.#orderId)) return;
    this.#joined = false;
    this.#outcome('bad', fill(this.#strings['refused'] ?? '', { channel, status }));
    this.#showControls();
  }

  #clearRecord(): void {
    for (const role of ['request', 'answer', 'reason']) this.#part(role).textContent = '';
  }

  #outcome(kind: '' | 'ok' | 'bad', text: string): void {
    const outcome = this.#part('outcome');
    outcome.className = kind;
    outcome.textContent = text;
  }

  async #ship(): Promise<void> {
    const orderId = this.#orderId;
    if (orderId === undefined) return;
    const update = fill(this.#strings['update'] ?? '', { id: orderId });
    const answer = await this.#app.post('/app/broadcast', {
      channel: orderChannel(orderId),
      event: 'App\\Events\\OrderShipped',
      data: { orderId, update },
    });
    if (answer.status !== 200) this.#outcome('bad', `HTTP ${answer.status} ${answer.message}`);
  }

  #onFrame(frame: Frame): void {
    this.#frames?.add({
      tag: frame.direction === 'out' ? '→' : '←',
      text: trimForLog(frame.text),
      kind: frame.direction,
    });
  }
}
