/**
 * The `echo-dashboard` demo service (ch3-dashboard): `GET /demos/echo-dashboard/snapshot`
 * calls the echo server's real HTTP API with the demo client's key (status, channels, and the
 * users of each presence channel) and answers every request, key masked, with its JSON answer,
 * plus the most recent broadcasts. Snapshots are shared for a second, so a full classroom
 * polling the dashboard costs the API one round per second.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { sendJson } from '../../http/respond.ts';
import type { DemoContext, DemoService } from '../demo-service.ts';
import { ensureDemoClient, maskKey } from './demo-client.ts';
import { callEchoApi, type ApiExchange } from './echo-api-call.ts';
import { RecentEvents, type RecentEvent } from './recent-events.ts';

/** The service's name and route prefix. */
export const ECHO_DASHBOARD_NAME = 'echo-dashboard';
/** The snapshot route. */
export const SNAPSHOT_PATH = `/demos/${ECHO_DASHBOARD_NAME}/snapshot`;
/** How long one snapshot is served to everyone. */
const SNAPSHOT_MS = 1000;
/** Presence channels whose members are fetched per snapshot. */
const MAX_PRESENCE = 6;

/** The answer of {@link SNAPSHOT_PATH}. */
export interface DashboardSnapshot {
  readonly takenAt: string;
  /** Every HTTP API call made for this snapshot, in order. */
  readonly calls: readonly ApiExchange[];
  readonly recent: readonly RecentEvent[];
}

const channelsAnswer = z.object({
  channels: z.record(z.string(), z.object({ subscription_count: z.number() }).loose()),
});

/** Builds the service on the site's echo server. */
export function createEchoDashboard(context: DemoContext): DemoService {
  const { echo, httpServer, logger } = context;
  const client = ensureDemoClient(echo);
  const recent = new RecentEvents();
  const onBroadcast = (broadcast: Parameters<RecentEvents['add']>[0]): void =>
    recent.add(broadcast);
  echo.events.on('broadcast', onBroadcast);
  let cached: { at: number; snapshot: Promise<DashboardSnapshot> } | undefined;

  const call = (path: string): Promise<ApiExchange> =>
    callEchoApi(httpServer, {
      method: 'GET',
      path,
      key: client.key,
      shownKey: maskKey(client.key),
    });

  async function take(): Promise<DashboardSnapshot> {
    const base = `/apps/${client.appId}`;
    const [status, channels] = await Promise.all([
      call(`${base}/status`),
      call(`${base}/channels`),
    ]);
    const calls = [status, channels];
    let names: string[] = [];
    try {
      const parsed = channelsAnswer.safeParse(JSON.parse(channels.response.body));
      if (parsed.success) names = Object.keys(parsed.data.channels);
    } catch {
      // An error answer (shown as it is): no channels to ask about.
    }
    const presence = names.filter((name) => name.startsWith('presence-')).slice(0, MAX_PRESENCE);
    calls.push(
      ...(await Promise.all(
        presence.map((name) => call(`${base}/channels/${encodeURIComponent(name)}/users`)),
      )),
    );
    return { takenAt: new Date().toISOString(), calls, recent: recent.list() };
  }

  function snapshot(): Promise<DashboardSnapshot> {
    const now = Date.now();
    if (cached === undefined || now - cached.at >= SNAPSHOT_MS) {
      const promise = take();
      cached = { at: now, snapshot: promise };
      // A failed snapshot must not be served again.
      promise.catch(() => {
        if (cached?.snapshot === promise) cached = undefined;
      });
    }
    return cached.snapshot;
  }

  return {
    name: ECHO_DASHBOARD_NAME,
    async handleRequest(req: IncomingMessage, res: ServerResponse) {
      const path = (req.url ?? '/').split('?')[0];
      if (path !== SNAPSHOT_PATH) return false;
      if (req.method !== 'GET') {
        sendJson(res, 405, { error: `${SNAPSHOT_PATH} takes GET` }, { Allow: 'GET' });
        return true;
      }
      try {
        sendJson(res, 200, await snapshot());
      } catch (error) {
        logger.warn({ err: error }, 'Dashboard snapshot failed');
        sendJson(res, 502, { error: 'The echo server’s HTTP API did not answer.' });
      }
      return true;
    },
    close() {
      echo.events.off('broadcast', onBroadcast);
      return Promise.resolve();
    },
  };
}
