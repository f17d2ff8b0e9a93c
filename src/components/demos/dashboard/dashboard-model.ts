/**
 * The pure part of ch3-dashboard: reads the HTTP API answers of one snapshot (as the demo
 * service relays them) into the figures and the channel table the reader sees.
 */
import { z } from 'zod';

const exchangeSchema = z.object({
  request: z.object({
    method: z.string(),
    url: z.string(),
    headers: z.record(z.string(), z.string()),
  }),
  response: z.object({ status: z.number(), contentType: z.string(), body: z.string() }),
  ms: z.number(),
});

/** One snapshot of the demo service. */
export const snapshotSchema = z.object({
  takenAt: z.string(),
  calls: z.array(exchangeSchema),
  recent: z.array(
    z.object({
      at: z.string(),
      source: z.enum(['redis', 'http']),
      channel: z.string(),
      event: z.string(),
      data: z.string().optional(),
      withheld: z.boolean(),
    }),
  ),
});

/** A parsed snapshot. */
export type Snapshot = z.infer<typeof snapshotSchema>;
/** One HTTP API call of a snapshot. */
export type Exchange = Snapshot['calls'][number];

const statusBody = z.object({
  subscription_count: z.number(),
  uptime: z.number(),
  memory_usage: z.object({ rss: z.number() }).loose(),
});
const channelsBody = z.object({
  channels: z.record(z.string(), z.object({ subscription_count: z.number() }).loose()),
});
const usersBody = z.object({
  users: z.array(z.object({ id: z.union([z.number(), z.string()]), user_info: z.unknown() })),
});

/** A channel row of the dashboard. */
export interface ChannelRow {
  readonly name: string;
  readonly type: 'public' | 'private' | 'presence';
  readonly subscriptions: number;
  /** Member names of a presence channel (from `/users`), when fetched. */
  readonly members?: readonly string[];
}

/** What the dashboard shows from one snapshot. */
export interface DashboardView {
  readonly connections: number | undefined;
  readonly uptime: number | undefined;
  readonly memoryMb: number | undefined;
  readonly rows: readonly ChannelRow[];
}

function bodyOf<T>(schema: z.ZodType<T>, call: Exchange | undefined): T | undefined {
  if (call === undefined || call.response.status !== 200) return undefined;
  try {
    const parsed = schema.safeParse(JSON.parse(call.response.body));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** The kind of channel `name` is, from its prefix. */
export function channelKind(name: string): ChannelRow['type'] {
  if (name.startsWith('presence-')) return 'presence';
  if (name.startsWith('private-')) return 'private';
  return 'public';
}

/** A member's name: `user_info.name` when there is one, else the user id. */
export function memberName(user: { id: number | string; user_info: unknown }): string {
  const info = user.user_info;
  if (info !== null && typeof info === 'object' && 'name' in info && typeof info.name === 'string')
    return info.name;
  return String(user.id);
}

/** Reads a snapshot's answers; a failed call leaves its figures undefined. */
export function dashboardView(snapshot: Snapshot): DashboardView {
  const find = (suffix: RegExp): Exchange | undefined =>
    snapshot.calls.find((call) => suffix.test(call.request.url));
  const status = bodyOf(statusBody, find(/\/status$/));
  const channels = bodyOf(channelsBody, find(/\/channels$/));
  const members = new Map<string, string[]>();
  for (const call of snapshot.calls) {
    const match = /\/channels\/([^/]+)\/users$/.exec(call.request.url);
    const users = match?.[1] === undefined ? undefined : bodyOf(usersBody, call);
    if (match?.[1] !== undefined && users !== undefined)
      members.set(decodeURIComponent(match[1]), users.users.map(memberName));
  }
  const rows = Object.entries(channels?.channels ?? {})
    .map(([name, info]): ChannelRow => {
      const names = members.get(name);
      return {
        name,
        type: channelKind(name),
        subscriptions: info.subscription_count,
        ...(names === undefined ? {} : { members: names }),
      };
    })
    .sort((a, b) => b.subscriptions - a.subscriptions || a.name.localeCompare(b.name));
  return {
    connections: status?.subscription_count,
    uptime: status?.uptime,
    memoryMb: status === undefined ? undefined : Math.round(status.memory_usage.rss / 1024 / 1024),
    rows,
  };
}
