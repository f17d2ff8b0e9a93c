/**
 * Composes the demo services into one handler for `server/main.ts`. A demo's routes live under
 * `/demos/<name>/`; `GET /demos/health` reports every service so a demo can show why it is
 * offline.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from '../http/respond.ts';
import type { DemoContext, DemoService, DemoServiceFactory } from './demo-service.ts';
import { cacheService } from './cache/cache-service.ts';
import { laravelPayloadService } from './laravel-payload/laravel-payload-service.ts';
import { pubSubService } from './pubsub/pubsub-service.ts';
import { createAuthLog } from './auth-log/create-auth-log.ts';
import { createPresenceClassmates } from './presence-classmates/create-presence-classmates.ts';
import { createChatService } from './chat/chat-service.ts';
import { createEchoConfig } from './echo-config/create-echo-config.ts';
import { createEchoDashboard } from './echo-dashboard/create-echo-dashboard.ts';
import { createHttpApiPlayground } from './echo-dashboard/http-api-playground.ts';
import { createPipeline } from './pipeline/create-pipeline.ts';
import { createPollingService } from './polling/polling-service.ts';
import { createTransportsService } from './transports/transports-service.ts';
import { createWsInspector } from './ws-inspector/ws-inspector-service.ts';
import { redisConsoleService } from './redis-console/redis-console-service.ts';

/** The demo services the site runs, in the order their routes are tried. */
export const DEMO_SERVICES: readonly DemoServiceFactory[] = [
  cacheService,
  laravelPayloadService,
  pubSubService,
  createEchoConfig,
  createHttpApiPlayground,
  createEchoDashboard,
  createPipeline,
  redisConsoleService,
  createChatService,
  createWsInspector,
  createTransportsService,
  createPollingService,
  createAuthLog,
  createPresenceClassmates,
];

/** The composed demo services. */
export interface Demos {
  /** Answers `/demos/*`; resolves false for any other path. */
  handleRequest(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  /** Each service's state, by name. */
  health(): Promise<Record<string, { ok: boolean; reason?: string }>>;
  close(): Promise<void>;
}

/** Starts every service of `factories` (default: {@link DEMO_SERVICES}). */
export async function createDemos(
  context: DemoContext,
  factories: readonly DemoServiceFactory[] = DEMO_SERVICES,
): Promise<Demos> {
  const services: DemoService[] = [];
  try {
    for (const factory of factories) services.push(await factory(context));
  } catch (error) {
    await Promise.allSettled(services.map((service) => service.close()));
    throw error;
  }

  async function health(): Promise<Record<string, { ok: boolean; reason?: string }>> {
    const entries = await Promise.all(
      services.map(async (service) => {
        try {
          return [service.name, (await service.health?.()) ?? { ok: true }] as const;
        } catch (error) {
          const reason = error instanceof Error ? error.message : String(error);
          return [service.name, { ok: false, reason }] as const;
        }
      }),
    );
    return Object.fromEntries(entries);
  }

  return {
    async handleRequest(req, res) {
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      if (!path.startsWith('/demos/')) return false;
      if (path === '/demos/health' && req.method === 'GET') {
        sendJson(res, 200, await health());
        return true;
      }
      for (const service of services) {
        if (service.handleRequest && (await service.handleRequest(req, res))) return true;
      }
      sendJson(res, 404, { error: `No demo route ${path}` });
      return true;
    },
    health,
    async close() {
      await Promise.allSettled(services.map((service) => service.close()));
    },
  };
}
