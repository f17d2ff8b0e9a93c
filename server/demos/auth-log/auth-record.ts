/**
 * One channel authorization as the private-channel demo shows it: the request the echo server
 * sent to `/broadcasting/auth` for a socket, the app's answer, and what the socket was told.
 * Built from the events the app (`auth`) and the echo server (`auth`, `subscribe`,
 * `subscription_error`) emit, matched by channel name and time.
 */
import { CSRF_MISMATCH, UNAUTHENTICATED } from '../../app/broadcasting-auth.ts';
import { channelType } from '../../echo/channels/channel-name.ts';

/** What the app reported for one `/broadcasting/auth` request (its `auth` event). */
export interface AppAuthNote {
  readonly channel: string;
  readonly status: number;
  readonly reason: string;
  readonly userId: number | null;
  readonly at: number;
}

/** What the echo server reported for its auth request (its `auth` event). */
export interface EchoAuthNote {
  readonly channel: string;
  readonly status: number;
  readonly ms: number;
  readonly at: number;
}

/** The record sent to the demo. */
export interface AuthRecord {
  readonly channel: string;
  readonly outcome: 'joined' | 'refused';
  /** The status the socket saw: 200 on a join, the `subscription_error` status otherwise. */
  readonly status: number;
  readonly request: { readonly method: 'POST'; readonly url: string; readonly body: string };
  /** The app's answer, when the app saw the request (not when the request never arrived). */
  readonly answer: {
    readonly status: number;
    readonly body: string;
    readonly reason: string;
  } | null;
  /** How long the echo server waited for the answer. */
  readonly ms: number | null;
  readonly userId: number | null;
}

/** Notes older than this are not matched with a subscription outcome. */
export const MATCH_WINDOW_MS = 15_000;

/** The body Laravel answers with for `status` on `channel` (presence bodies carry the member). */
export function answerBody(channel: string, status: number): string {
  if (status === 200) return channelType(channel) === 'presence' ? '{"channel_data":{…}}' : 'true';
  if (status === 401) return UNAUTHENTICATED.body;
  if (status === 419) return CSRF_MISMATCH.body;
  if (status === 403) return '{"message":""}';
  return '';
}

/** Builds the record of one subscription outcome from the latest matching notes. */
export function buildRecord(input: {
  channel: string;
  outcome: AuthRecord['outcome'];
  status: number;
  authUrl: string;
  appNote: AppAuthNote | undefined;
  echoNote: EchoAuthNote | undefined;
  now: number;
}): AuthRecord {
  const fresh = <T extends { at: number }>(note: T | undefined): T | undefined =>
    note !== undefined && input.now - note.at <= MATCH_WINDOW_MS ? note : undefined;
  const appNote = fresh(input.appNote);
  const echoNote = fresh(input.echoNote);
  return {
    channel: input.channel,
    outcome: input.outcome,
    status: input.status,
    request: {
      method: 'POST',
      url: input.authUrl,
      body: new URLSearchParams({ channel_name: input.channel }).toString(),
    },
    answer:
      appNote === undefined
        ? null
        : {
            status: appNote.status,
            body: answerBody(input.channel, appNote.status),
            reason: appNote.reason,
          },
    ms: echoNote?.ms ?? null,
    userId: appNote?.userId ?? null,
  };
}
