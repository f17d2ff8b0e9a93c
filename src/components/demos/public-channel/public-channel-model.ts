/**
 * The pure part of the ch4-public demo: which listeners it registers, which event name each one
 * waits for, and the PHP and JavaScript the reader is shown for the current choices.
 */
import { echoEventName } from '../../../lib/echo/event-name.ts';

/** The public channel the demo listens on (shared by every reader: that is the point). */
export const PUBLIC_CHANNEL = 'news';

/** How the reader's Laravel event is named on the wire. */
export type EventStyle = 'class' | 'broadcastAs';

/** One listener the demo registers with `Echo.channel(PUBLIC_CHANNEL).listen(arg, …)`. */
export interface ListenerSpec {
  readonly id: 'class' | 'dot' | 'no-dot';
  /** The argument given to `listen()`. */
  readonly arg: string;
}

/** The three listeners: the class name, the leading dot, and the forgotten dot. */
export const LISTENERS: readonly ListenerSpec[] = [
  { id: 'class', arg: 'NewsPublished' },
  { id: 'dot', arg: '.news.published' },
  { id: 'no-dot', arg: 'news.published' },
];

/** The event name Laravel puts on the wire for `style`. */
export function wireEventName(style: EventStyle): string {
  return style === 'class' ? 'App\\Events\\NewsPublished' : 'news.published';
}

/** The name a listener waits for, with Echo's default namespace. */
export function awaitedName(listener: ListenerSpec): string {
  return echoEventName(listener.arg);
}

/** The ids of the listeners that receive an event named `wireName`. */
export function matchingListeners(wireName: string): ListenerSpec['id'][] {
  return LISTENERS.filter((listener) => awaitedName(listener) === wireName).map((l) => l.id);
}

/** The JavaScript of one listener, as the reader would write it. */
export function listenerCode(listener: ListenerSpec): string {
  return `Echo.channel('${PUBLIC_CHANNEL}')\n    .listen('${listener.arg}', (e) => {\n        console.log(e.title);\n    });`;
}

/** The PHP that sends the reader's broadcast. */
export function phpCode(style: EventStyle, toOthers: boolean): string {
  const call = `broadcast(new NewsPublished($title))${toOthers ? '->toOthers()' : ''};`;
  const broadcastAs =
    style === 'broadcastAs'
      ? `\n\n    public function broadcastAs(): string\n    {\n        return 'news.published';\n    }`
      : '';
  return [
    'namespace App\\Events;',
    '',
    'class NewsPublished implements ShouldBroadcastNow',
    '{',
    '    public function __construct(public string $title) {}',
    '',
    '    public function broadcastOn(): Channel',
    '    {',
    `        return new Channel('${PUBLIC_CHANNEL}');`,
    `    }${broadcastAs}`,
    '}',
    '',
    '// In the controller:',
    call,
  ].join('\n');
}
