/**
 * The `echo-config` demo service: `GET /demos/echo-config/config` answers the configuration
 * the site's echo server runs with (its `laravel-echo-server.json` after defaults and
 * environment overrides), secrets masked, next to the defaults, for the key-by-key explainer.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DEFAULT_CONFIG } from '../../echo/config/config-schema.ts';
import { sendJson } from '../../http/respond.ts';
import type { DemoContext, DemoService } from '../demo-service.ts';
import { maskConfig } from './mask-config.ts';

/** The service's name and route prefix. */
export const ECHO_CONFIG_NAME = 'echo-config';
/** The one route of the service. */
export const ECHO_CONFIG_PATH = `/demos/${ECHO_CONFIG_NAME}/config`;

/** The answer of {@link ECHO_CONFIG_PATH}. */
export interface EchoConfigAnswer {
  /** The running configuration, secrets masked. */
  readonly config: unknown;
  /** The defaults, for "changed from the default" marks. */
  readonly defaults: unknown;
  /** Dotted paths of the values that were masked. */
  readonly masked: readonly string[];
}

/** Builds the service on the site's echo server. */
export function createEchoConfig(context: DemoContext): DemoService {
  const { echo } = context;
  return {
    name: ECHO_CONFIG_NAME,
    handleRequest(req: IncomingMessage, res: ServerResponse): boolean {
      const path = (req.url ?? '/').split('?')[0];
      if (path !== ECHO_CONFIG_PATH) return false;
      if (req.method !== 'GET') {
        sendJson(res, 405, { error: `${ECHO_CONFIG_PATH} takes GET` }, { Allow: 'GET' });
        return true;
      }
      // JSON round trip first: the live object may hold values JSON cannot show as they are.
      const running = maskConfig(JSON.parse(JSON.stringify(echo.config)) as unknown);
      const answer: EchoConfigAnswer = {
        config: running.config,
        defaults: maskConfig(DEFAULT_CONFIG).config,
        masked: running.masked,
      };
      sendJson(res, 200, answer);
      return true;
    },
    close: () => Promise.resolve(),
  };
}
