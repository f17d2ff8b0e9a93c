/**
 * The scenarios of issue 2, at full size (`npm run bench`) and at smoke-check size
 * (`npm run bench:quick`, about two minutes). Every scenario is bounded by counts and time limits.
 *
 * @typedef {object} Scenario
 * @property {string} id
 * @property {string} title
 * @property {number} clients          subscribed clients
 * @property {number} channels         clients are spread round-robin over this many channels
 * @property {number} messages         measured messages (one EVAL each, to one channel, round-robin)
 * @property {number | null} ratePerSecond  publish rate; null = as fast as Redis accepts (window of 64 EVALs)
 * @property {{ slices: number, messages: number }} cpu  the interleaved CPU comparison
 *   (interleaved-cpu.mjs): `messages` measured messages in all, split into `slices` slices per server
 */

/**
 * `settleMs`: pause before each RSS reading (after start, after subscribing) so that the
 * server's memory reflects the connections rather than the last burst of work.
 * `servers`: the ids (servers/server-handle.mjs) run by default; `--servers` overrides.
 * @type {Record<'full' | 'quick', { repetitions: number, workers: number, settleMs: number, servers: string[], scenarios: Scenario[], held: { clients: number } }>}
 */
export const PROFILES = {
  full: {
    repetitions: 3,
    servers: ['ceiling', 'ours', 'les', 'ours-eio3', 'ceiling-recovery'],
    workers: 4,
    settleMs: 1500,
    scenarios: [
      {
        id: 'fanout',
        title: '1000 clients, 1 channel, 200 msgs at 50/s',
        clients: 1000,
        channels: 1,
        messages: 200,
        ratePerSecond: 50,
        cpu: { slices: 10, messages: 1000 },
      },
      {
        id: 'throughput',
        title: '100 clients, 1 channel, 5000 msgs flat out',
        clients: 100,
        channels: 1,
        messages: 5000,
        ratePerSecond: null,
        cpu: { slices: 10, messages: 10_000 },
      },
      {
        id: 'idle',
        title: '5000 idle subscribed clients (5 msgs at 1/s)',
        clients: 5000,
        channels: 1,
        messages: 5,
        ratePerSecond: 1,
        cpu: { slices: 10, messages: 30 },
      },
      {
        id: 'channels',
        title: '2000 clients over 200 channels, 8000 msgs at 400/s',
        clients: 2000,
        channels: 200,
        messages: 8000,
        ratePerSecond: 400,
        cpu: { slices: 20, messages: 16_000 },
      },
    ],
    held: { clients: 10_000 },
  },
  quick: {
    repetitions: 1,
    servers: ['ceiling', 'ours', 'les'],
    workers: 2,
    settleMs: 300,
    scenarios: [
      {
        id: 'fanout',
        title: '100 clients, 1 channel, 40 msgs at 50/s',
        clients: 100,
        channels: 1,
        messages: 40,
        ratePerSecond: 50,
        cpu: { slices: 4, messages: 80 },
      },
      {
        id: 'throughput',
        title: '20 clients, 1 channel, 500 msgs flat out',
        clients: 20,
        channels: 1,
        messages: 500,
        ratePerSecond: null,
        cpu: { slices: 4, messages: 1000 },
      },
      {
        id: 'idle',
        title: '300 idle subscribed clients (2 msgs at 2/s)',
        clients: 300,
        channels: 1,
        messages: 2,
        ratePerSecond: 2,
        cpu: { slices: 4, messages: 8 },
      },
      {
        id: 'channels',
        title: '200 clients over 20 channels, 200 msgs at 200/s',
        clients: 200,
        channels: 20,
        messages: 200,
        ratePerSecond: 200,
        cpu: { slices: 4, messages: 400 },
      },
    ],
    held: { clients: 500 },
  },
};
