/**
 * The ch4-client-versions demo's custom element: three real Echo stacks on one page, on one
 * public channel of this site's echo server (`allowEIO3` on): laravel-echo 1.x +
 * socket.io-client 2 (EIO=3), laravel-echo 2.x + socket.io-client 4 (EIO=4), and laravel-echo
 * 1.x + socket.io-client 4, the pairing that never subscribes again after a reconnection. The
 * reader broadcasts, drops connections (`socket.io.engine.close()`), and counts what each
 * column really received.
 */
import { DemoElement } from '../../../lib/demo/demo-element.ts';
import { LogPanel, trimForLog } from '../../../lib/demo/log-panel.ts';
import { AppClient } from '../../../lib/echo/app-client.ts';
import { fill, readStrings, type DemoStrings } from '../../../lib/echo/demo-strings.ts';
import { connectEcho, type EchoConnection } from '../../../lib/echo/echo-connection.ts';
import type { SocketLike } from '../../../lib/echo/echo-types.ts';
import { engineProtocol, type Frame } from '../../../lib/echo/frame-tap.ts';
import { parseEventFrame } from '../../../lib/echo/socket-frame.ts';
import {
  PANES,
  PING_EVENT,
  versionsChannel,
  type DropKind,
  type PaneSpec,
} from './client-versions-model.ts';

interface Pane {
  readonly spec: PaneSpec;
  readonly root: HTMLElement;
  readonly log: LogPanel;
  connection: EchoConnection | undefined;
  received: number;
  /** How many times the socket said `connect`. */
  connects: number;
  /** The socket dropped and has not said `connect` since. */
  reconnecting: boolean;
}

/** The client's recovery id (socket.io-client 4.6+ keeps it in `_pid`). */
interface RecoverableSocket {
  _pid?: string | undefined;
  _lastOffset?: string | undefined;
}

/** `<client-versions-demo>`. */
export class ClientVersionsDemo extends DemoElement {
  protected override needs = ['redis'] as const;
  #strings: DemoStrings = {};
  #app = new AppClient();
  #channel = versionsChannel();
  #panes: Pane[] = [];
  #sent = 0;

  #text(key: string, values: Readonly<Record<string, string | number>> = {}): string {
    return fill(this.#strings[key] ?? key, values);
  }

  #part<T extends Element = HTMLElement>(root: ParentNode, role: string): T {
    const element = root.querySelector<T>(`[data-role="${role}"]`);
    if (element === null) throw new Error(`ch4-client-versions: missing [data-role="${role}"]`);
    return element;
  }

  override connectedCallback(): void {
    this.#strings = readStrings(this);
    this.#panes = PANES.map((spec) => {
      const root = this.querySelector<HTMLElement>(`[data-pane="${spec.id}"]`);
      if (root === null) throw new Error(`ch4-client-versions: missing pane ${spec.id}`);
      const log = new LogPanel(this.#part<HTMLOListElement>(root, 'log'));
      this.#part(root, 'drop').addEventListener('click', () => this.#drop(pane, 'short'));
      const pane: Pane = {
        spec,
        root,
        log,
        connection: undefined,
        received: 0,
        connects: 0,
        reconnecting: false,
      };
      return pane;
    });
    this.#part(this, 'broadcast').addEventListener('click', () => void this.#broadcast());
    this.#part(this, 'drop-short').addEventListener('click', () => this.#dropAll('short'));
    this.#part(this, 'drop-long').addEventListener('click', () => this.#dropAll('long'));
    this.#part(this, 'channel').textContent = this.#channel;
    this.addEventListener('demo-state', () => this.#showControls());
    super.connectedCallback();
  }

  #showControls(): void {
    const live = this.dataset['state'] === 'live';
    this.#part(this, 'state').textContent = this.#text(
      `state_${this.dataset['state'] ?? 'offline'}`,
    );
    for (const role of ['broadcast', 'drop-short', 'drop-long']) {
      this.#part<HTMLButtonElement>(this, role).disabled = !live;
    }
    for (const pane of this.#panes) this.#showPane(pane);
  }

  #showPane(pane: Pane): void {
    const socket = pane.connection?.socket;
    const connected = socket?.connected === true;
    pane.root.dataset['connection'] = connected ? 'connected' : 'reconnecting';
    this.#part(pane.root, 'connection').textContent = connected
      ? this.#text('pane_connected', { id: socket.id ?? '?' })
      : this.#text('pane_reconnecting');
    this.#part(pane.root, 'eio').textContent = socket
      ? `EIO=${engineProtocol(socket) ?? '?'}`
      : `EIO=${pane.spec.eio}`;
    this.#part(pane.root, 'tally').textContent = this.#text('tally', {
      received: pane.received,
      sent: this.#sent,
    });
    pane.root.dataset['missed'] = String(this.#sent - pane.received);
    this.#part<HTMLButtonElement>(pane.root, 'drop').disabled = !connected;
  }

  protected override async start(): Promise<void> {
    await this.#app.me();
    await Promise.all(this.#panes.map((pane) => this.#connect(pane)));
    this.#updateState();
  }

  protected override stop(): void {
    for (const pane of this.#panes) {
      pane.connection?.close();
      pane.connection = undefined;
      pane.connects = 0;
      pane.reconnecting = false;
    }
  }

  /** The demo is live while every column is connected (each reconnects by itself). */
  #updateState(): void {
    const all = this.#panes.every((pane) => pane.connection?.socket.connected === true);
    this.setState(all ? 'live' : 'connecting');
    this.#showControls();
  }

  async #connect(pane: Pane): Promise<void> {
    const connection = await connectEcho(
      { csrfToken: this.#app.csrfToken, stack: pane.spec.stack },
      {
        onState: (state) => {
          if (state === 'connecting' && !pane.reconnecting) {
            pane.reconnecting = true;
            pane.log.add({ tag: 'disconnect', text: this.#text('log_dropped'), kind: 'error' });
          }
          this.#updateState();
        },
        onConnect: (socket) => this.#connected(pane, socket),
        onFrame: (frame) => this.#frame(pane, frame),
      },
    );
    pane.connection = connection;
    connection.echo.channel(this.#channel).listen('VersionPing', () => {
      pane.received++;
      this.#showPane(pane);
    });
  }

  #connected(pane: Pane, socket: SocketLike): void {
    const first = pane.connects === 0;
    pane.connects++;
    pane.reconnecting = false;
    const recovered =
      socket.recovered === true
        ? this.#text('yes')
        : this.#text(pane.spec.recovers ? 'no' : 'no_eio3');
    pane.log.add({
      tag: 'connect',
      text: this.#text(first ? 'log_connected' : 'log_reconnected', {
        id: socket.id ?? '?',
        recovered,
      }),
      kind: 'in',
    });
    this.#updateState();
  }

  #frame(pane: Pane, frame: Frame): void {
    const event = parseEventFrame(frame.text);
    if (frame.direction === 'out' && event?.event === 'subscribe') {
      pane.log.add({ tag: '→', text: trimForLog(frame.text, 120), kind: 'out' });
    } else if (frame.direction === 'in' && event?.event === PING_EVENT) {
      pane.log.add({ tag: '←', text: trimForLog(frame.text, 120), kind: 'in' });
    }
  }

  #drop(pane: Pane, kind: DropKind): void {
    const socket = pane.connection?.socket;
    if (socket === undefined || !socket.connected) return;
    if (kind === 'long') {
      // What the server's recovery window running out amounts to: the client no longer has a
      // session the server would restore, so it comes back as a brand-new connection.
      const recoverable = socket as unknown as RecoverableSocket;
      recoverable._pid = undefined;
      recoverable._lastOffset = undefined;
    }
    pane.log.add({
      tag: 'engine.close()',
      text: this.#text(kind === 'long' ? 'log_drop_long' : 'log_drop_short'),
      kind: 'out',
    });
    socket.io.engine?.close();
  }

  #dropAll(kind: DropKind): void {
    for (const pane of this.#panes) this.#drop(pane, kind);
  }

  async #broadcast(): Promise<void> {
    const n = this.#sent + 1;
    const answer = await this.#app.post('/app/broadcast', {
      channel: this.#channel,
      event: PING_EVENT,
      data: { n },
    });
    const result = this.#part(this, 'result');
    if (answer.status === 200) {
      this.#sent = n;
      result.textContent = this.#text('sent', { n, channel: this.#channel });
    } else {
      result.textContent = `HTTP ${answer.status} ${answer.message}`;
    }
    for (const pane of this.#panes) this.#showPane(pane);
  }
}
