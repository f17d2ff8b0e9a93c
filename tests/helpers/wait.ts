/**
 * Waiting for things in tests. The limits are hang guards, not timing assertions.
 */

/** Resolves when `check` returns a truthy value (polled), or rejects after `ms`. */
export async function waitFor<T>(
  check: () => T | Promise<T>,
  what: string,
  ms = 10_000,
): Promise<NonNullable<T>> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}`);
    await sleep(20);
  }
}

/** Sleeps `ms` (to let things settle before asserting that something did NOT happen). */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Something with `once` (Socket.IO sockets, EventEmitters). */
interface OnceEmitter {
  once(event: string, listener: (...args: never[]) => void): unknown;
}

/** The arguments of the next `event` on `emitter`, or a rejection after `ms`. */
export function nextEvent<T extends unknown[] = unknown[]>(
  emitter: OnceEmitter,
  event: string,
  ms = 10_000,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Timed out waiting for event "${event}"`)), ms);
    emitter.once(event, (...args: never[]) => {
      clearTimeout(timer);
      resolve(args as unknown as T);
    });
  });
}
