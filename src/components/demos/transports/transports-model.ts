/**
 * The pure part of the `ch1-transports` demo: what each Engine.IO packet means (the key of the
 * sentence the page shows next to it) and the client code the reader's choice amounts to.
 */

/** What a packet is, as a key into the demo's strings (`packet_<key>`). */
export type PacketMeaning =
  | 'open'
  | 'close'
  | 'probe'
  | 'probe_answer'
  | 'ping'
  | 'pong'
  | 'upgrade'
  | 'noop'
  | 'sio_connect'
  | 'sio_disconnect'
  | 'sio_event'
  | 'sio_ack'
  | 'sio_error'
  | 'message';

const SOCKET_IO_TYPES: Readonly<Record<string, PacketMeaning>> = {
  '0': 'sio_connect',
  '1': 'sio_disconnect',
  '2': 'sio_event',
  '3': 'sio_ack',
  '4': 'sio_error',
};

/** The meaning of a packet written as `text` on the wire (e.g. `2probe`, `42/ns,["x"]`). */
export function packetMeaning(text: string): PacketMeaning {
  switch (text[0]) {
    case '0':
      return 'open';
    case '1':
      return 'close';
    case '2':
      return text === '2probe' ? 'probe' : 'ping';
    case '3':
      return text === '3probe' ? 'probe_answer' : 'pong';
    case '5':
      return 'upgrade';
    case '6':
      return 'noop';
    case '4':
      return SOCKET_IO_TYPES[text[1] ?? ''] ?? 'message';
    default:
      return 'message';
  }
}

/** The namespace the demo connects to. */
export const NAMESPACE = '/demo-transports';

/** The transports the client may use. */
export function transportsFor(allowWebSocket: boolean): string[] {
  return allowWebSocket ? ['polling', 'websocket'] : ['polling'];
}

/** The client code the demo runs, as the reader would write it. */
export function clientCode(allowWebSocket: boolean): string {
  const list = transportsFor(allowWebSocket)
    .map((name) => `'${name}'`)
    .join(', ');
  return [
    `const socket = io('${NAMESPACE}', {`,
    `  transports: [${list}],`,
    '});',
    '',
    "socket.on('tick', (tick) => show(tick));",
    "socket.emit('echo', { text }, (reply) => show(reply));",
  ].join('\n');
}

/** Per-transport packet counts, for the summary line. */
export class PacketCounts {
  readonly #counts = new Map<string, number>();

  add(transport: string): void {
    this.#counts.set(transport, (this.#counts.get(transport) ?? 0) + 1);
  }

  get(transport: string): number {
    return this.#counts.get(transport) ?? 0;
  }

  clear(): void {
    this.#counts.clear();
  }
}
