/**
 * The pure part of the ch4-client-versions demo: the three client stacks side by side, what
 * each is expected to do after a drop, and the channel they share.
 */
import type { EchoStack } from '../../../lib/echo/create-echo.ts';

/** One column of the demo: a laravel-echo + socket.io-client pairing. */
export interface PaneSpec {
  readonly id: 'echo1-sio2' | 'echo2-sio4' | 'echo1-sio4';
  readonly stack: EchoStack;
  /** Package versions, as installed (checked against node_modules by a unit test). */
  readonly echoVersion: string;
  readonly clientVersion: string;
  /** The Engine.IO protocol the client speaks. */
  readonly eio: 3 | 4;
  /** Whether this Echo sends `subscribe` again after Socket.IO reconnects. */
  readonly resubscribes: boolean;
  /** Whether the client can resume its session (Socket.IO 4.6+ connection state recovery). */
  readonly recovers: boolean;
}

/** The three pairings: what apps built for laravel-echo-server pinned, today's, and the trap. */
export const PANES: readonly PaneSpec[] = [
  {
    id: 'echo1-sio2',
    stack: 'echo1+sio2',
    echoVersion: '1.19.0',
    clientVersion: '2.5.0',
    eio: 3,
    resubscribes: true,
    recovers: false,
  },
  {
    id: 'echo2-sio4',
    stack: 'echo2+sio4',
    echoVersion: '2.5.0',
    clientVersion: '4.8.4',
    eio: 4,
    resubscribes: true,
    recovers: true,
  },
  {
    id: 'echo1-sio4',
    stack: 'echo1+sio4',
    echoVersion: '1.19.0',
    clientVersion: '4.8.4',
    eio: 4,
    resubscribes: false,
    recovers: true,
  },
];

/** How a drop is made. */
export type DropKind = 'short' | 'long';

/**
 * Whether a pane still receives broadcasts after a drop: a short drop is bridged by the
 * server's connection state recovery (where the client supports it) or by Echo subscribing
 * again; after a long one (the server forgot the session) only a re-subscribing Echo receives.
 */
export function receivesAfter(pane: PaneSpec, drop: DropKind): boolean {
  return pane.resubscribes || (drop === 'short' && pane.recovers);
}

/** The public channel of one page's demo (its own, so the tally counts this page's sends). */
export function versionsChannel(random: () => number = Math.random): string {
  return `versions.${Math.floor(random() * 36 ** 8).toString(36)}`;
}

/** Laravel's event class the demo broadcasts. */
export const PING_EVENT = 'App\\Events\\VersionPing';
