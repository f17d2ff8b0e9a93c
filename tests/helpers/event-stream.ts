/**
 * A Server-Sent Events stream read as a browser's EventSource would, for tests of the demos that
 * report to the page on one.
 */

/** One event of the stream: its name, when it has one, and its data line. */
export interface StreamEvent {
  readonly event: string | undefined;
  readonly data: string;
}

/**
 * Opens `url` and, when it answers 200, calls `onEvent` for every event that has data, in the
 * background until the stream ends or `signal` aborts. Resolves with the HTTP status.
 */
export async function readEventStream(
  url: string,
  signal: AbortSignal,
  onEvent: (event: StreamEvent) => void,
): Promise<number> {
  const response = await fetch(url, { signal });
  if (response.body === null || response.status !== 200) return response.status;
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  void (async () => {
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += value;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) !== -1) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (data) onEvent({ event, data });
        }
      }
    } catch {
      // Aborted at the end of the test.
    }
  })();
  return response.status;
}
