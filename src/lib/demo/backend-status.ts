/**
 * Asks the one-process backend (`GET /health`) whether the parts a demo needs are up, so a demo
 * can show an explicit offline state instead of a broken box.
 */

/** A part of the backend, as named in `/health`'s `checks`. */
export type BackendPart = 'redis' | 'echo' | 'site';

/** Whether every needed part is up, and if not, the first reason given. */
export interface BackendStatus {
  readonly ok: boolean;
  readonly reason: string;
}

interface HealthAnswer {
  checks?: Record<string, { status?: string; reason?: string } | undefined>;
}

/** Reads `/health`; a failed request counts as "the backend is not running". */
export async function backendStatus(needs: readonly BackendPart[]): Promise<BackendStatus> {
  let answer: HealthAnswer;
  try {
    const response = await fetch('/health', { cache: 'no-store' });
    answer = (await response.json()) as HealthAnswer;
  } catch {
    return { ok: false, reason: 'backend unreachable' };
  }
  for (const part of needs) {
    const check = answer.checks?.[part];
    if (check?.status !== 'ok') return { ok: false, reason: check?.reason ?? `${part} is down` };
  }
  return { ok: true, reason: '' };
}
