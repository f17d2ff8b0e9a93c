/**
 * Whether the echo server received a broadcast: listens to its `broadcast` events for one
 * channel and event name, for a bounded time. The demo shows the answer next to the EVAL,
 * so the prefix trap is a measured fact, not a claim.
 */
import type { EchoServerEvents } from '../../echo/events.ts';

/** What the echo server did with the broadcast. */
export type EchoWitness = { received: true; ms: number } | { received: false; waitedMs: number };

/** A pending watch; `cancel` stops listening at once. */
export interface EchoWatch {
  readonly result: Promise<EchoWitness>;
  cancel(): void;
}

/** Starts watching before the publish, so a fast echo server cannot be missed. */
export function waitForEcho(
  events: EchoServerEvents,
  channel: string,
  event: string,
  waitMs: number,
): EchoWatch {
  const started = performance.now();
  let finish: (witness: EchoWitness) => void = () => undefined;
  const result = new Promise<EchoWitness>((resolve) => {
    finish = resolve;
  });
  const listener = (payload: { channel: string; event: string }): void => {
    if (payload.channel !== channel || payload.event !== event) return;
    stop();
    finish({ received: true, ms: Math.round((performance.now() - started) * 100) / 100 });
  };
  const timer = setTimeout(() => {
    stop();
    finish({ received: false, waitedMs: waitMs });
  }, waitMs);
  function stop(): void {
    clearTimeout(timer);
    events.off('broadcast', listener);
  }
  events.on('broadcast', listener);
  return {
    result,
    cancel() {
      stop();
      finish({ received: false, waitedMs: 0 });
    },
  };
}
