/**
 * Which browser origins may open a socket, for both transports (polling and WebSocket).
 * laravel-echo-server accepted every origin; the default here is the Laravel app's origin(s)
 * (from `authHost`) plus pages served by this same host.
 */
import type http from 'node:http';

/** The settings the policy reads on each request (so `authHost` may change after start). */
export interface OriginSettings {
  allowedOrigins: string[] | null;
  authHost: string | string[];
}

function originOf(value: string): string | undefined {
  try {
    return new URL(value).origin;
  } catch {
    return undefined;
  }
}

/** Whether `origin` may connect to a server reached under `host` (the Host header). */
export function isOriginAllowed(
  origin: string | undefined,
  host: string | undefined,
  settings: OriginSettings,
): boolean {
  // Non-browser clients (Node, PHP, curl) send no Origin; the allow-list protects browsers.
  if (origin === undefined || origin === '') return true;
  const list = settings.allowedOrigins;
  if (list?.includes('*') === true) return true;
  const normalized = originOf(origin);
  if (normalized === undefined) return false;
  if (host !== undefined && new URL(normalized).host === host) return true;
  const allowed =
    list ?? (Array.isArray(settings.authHost) ? settings.authHost : [settings.authHost]);
  return allowed.some((entry) => originOf(entry) === normalized);
}

/** Socket.IO's `allowRequest` hook for this policy. */
export function originGuard(settings: () => OriginSettings) {
  return (
    req: http.IncomingMessage,
    callback: (err: string | null | undefined, success: boolean) => void,
  ): void => {
    const ok = isOriginAllowed(req.headers.origin, req.headers.host, settings());
    callback(ok ? null : 'Origin not allowed (allowedOrigins)', ok);
  };
}
