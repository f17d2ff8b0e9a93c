/**
 * Draws one trace of ch3-pipeline: the hops' timings and animation, the browsers it reached,
 * and the inspector's exact EVAL, pmessage and packet. textContent only: the payload is
 * whatever a reader typed.
 */
import { z } from 'zod';
import { fill, type DemoStrings } from '../../../lib/echo/demo-strings.ts';
import { evalText, formatMs, pmessageText } from './pipeline-model.ts';

/** A trace as the server sends it on `/demo-pipeline`. */
export const traceSchema = z.object({
  id: z.number(),
  channel: z.string(),
  event: z.string(),
  toOthers: z.boolean(),
  command: z.object({ script: z.string(), numkeys: z.number(), args: z.array(z.string()) }),
  pattern: z.string(),
  evalMs: z.number().optional(),
  toEchoMs: z.number().optional(),
  packet: z.string().optional(),
  recipients: z.array(
    z.object({
      viewer: z.number(),
      status: z.enum(['pending', 'received', 'skipped']),
      ms: z.number().optional(),
      errorMs: z.number().optional(),
    }),
  ),
  otherSockets: z.number(),
});

/** A parsed trace. */
export type TraceView = z.infer<typeof traceSchema>;

/** Restarts a CSS animation: the attribute goes, a reflow, the attribute comes back. */
function run(hop: HTMLElement | null): void {
  if (hop === null) return;
  hop.dataset['run'] = 'false';
  void hop.offsetWidth;
  hop.dataset['run'] = 'true';
}

/** Draws `trace` (replacing the previous one) inside `root`; `self` is this page's viewer. */
export function renderTrace(
  root: HTMLElement,
  trace: TraceView,
  previous: TraceView | undefined,
  self: number | undefined,
  t: DemoStrings,
): void {
  const part = (role: string): HTMLElement | null => root.querySelector(`[data-role="${role}"]`);
  const hop = (name: string): HTMLElement | null => root.querySelector(`[data-hop="${name}"]`);
  const station = (name: string): HTMLElement | null =>
    root.querySelector(`[data-station="${name}"]`);
  const fresh = previous?.id !== trace.id;
  const received = trace.recipients.filter((r) => r.status === 'received');
  const stages: [string, string, boolean, boolean][] = [
    ['eval', 'redis', trace.evalMs !== undefined, previous?.evalMs === undefined],
    ['relay', 'echo', trace.toEchoMs !== undefined, previous?.toEchoMs === undefined],
    [
      'browsers',
      'browsers',
      received.length > 0,
      (previous?.recipients.filter((r) => r.status === 'received').length ?? 0) === 0,
    ],
  ];
  for (const [name, target, done, firstTime] of stages) {
    const element = hop(name);
    if (element === null) continue;
    element.dataset['done'] = String(done);
    station(target)?.setAttribute('data-reached', String(done));
    if (done && (fresh || firstTime)) run(element);
  }
  const timing = (name: string, text: string): void => {
    const element = root.querySelector(`[data-timing="${name}"]`);
    if (element) element.textContent = text;
  };
  timing('eval', formatMs(trace.evalMs));
  timing('relay', formatMs(trace.toEchoMs));
  const fastest = received.reduce<number | undefined>(
    (min, r) => (r.ms !== undefined && (min === undefined || r.ms < min) ? r.ms : min),
    undefined,
  );
  timing('browsers', formatMs(fastest));

  const title = part('trace-title');
  if (title)
    title.textContent = `#${trace.id} ${trace.event} → ${trace.channel}${trace.toOthers ? ' ->toOthers()' : ''}`;
  const list = part('recipients');
  if (list) {
    const items = trace.recipients.map((r) => {
      const li = document.createElement('li');
      li.dataset['status'] = r.status;
      const key =
        r.status === 'received'
          ? 'recipientReceived'
          : r.status === 'skipped'
            ? 'recipientSkipped'
            : 'recipientPending';
      li.textContent = fill(t[key] ?? '', {
        viewer: r.viewer,
        self: r.viewer === self ? (t['self'] ?? '') : '',
        ms: formatMs(r.ms),
        error: formatMs(r.errorMs),
      });
      return li;
    });
    if (items.length === 0 && trace.packet !== undefined) {
      const li = document.createElement('li');
      li.textContent = t['noRecipients'] ?? '';
      items.push(li);
    }
    list.replaceChildren(...items);
  }
  const others = part('others');
  if (others)
    others.textContent =
      trace.otherSockets > 0 ? fill(t['others'] ?? '', { count: trace.otherSockets }) : '';
  const evalPart = part('eval');
  if (evalPart && trace.command.args.length > 0) evalPart.textContent = evalText(trace.command);
  const pmessage = part('pmessage');
  if (pmessage && trace.command.args.length > 0)
    pmessage.textContent = pmessageText(trace.pattern, trace.command.args);
  const packet = part('packet');
  if (packet && trace.packet !== undefined) packet.textContent = trace.packet;
}
