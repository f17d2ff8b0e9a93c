/**
 * What the demos click to make the app broadcast: `POST /app/broadcast` (an event, like
 * `broadcast(new OrderShipped($order))->toOthers()`) and `POST /app/notify` (a notification,
 * like `$user->notify(new InvoicePaid)`). Each answer shows the exact `EVAL` that was sent,
 * for the protocol inspectors. Private and presence channels need the same right to publish
 * as to listen: the channel rule must let the user in.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { sendJson } from '../http/respond.ts';
import { authorizeChannel } from './broadcasting-auth.ts';
import {
  notificationMessage,
  type Broadcaster,
  type BroadcastMessage,
  type Published,
} from './broadcaster.ts';
import { parseChannelName, type ChannelRules } from './channel-rules.ts';
import type { JsonValue } from './php-json.ts';
import type { RequestContext } from './request-context.ts';
import { findUser } from './users.ts';

/** Pusher's channel name alphabet, which Laravel's drivers share. */
const channelName = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9_\-=@,.;]+$/, 'channel names use letters, digits and _-=@,.;');

const jsonData = z.union([z.record(z.string(), z.json()), z.array(z.json())]);

const broadcastSchema = z
  .object({
    channel: channelName.optional(),
    channels: z.array(channelName).min(1).max(10).optional(),
    event: z
      .string()
      .min(1)
      .max(200)
      .regex(/^[^\p{C}]+$/u, 'event names have no control characters'),
    data: jsonData.default({}),
    toOthers: z.boolean().default(false),
  })
  .refine(
    (body) => body.channel !== undefined || body.channels !== undefined,
    'give channel or channels',
  );

const notifySchema = z.object({
  userId: z.union([z.number().int(), z.string().regex(/^\d+$/)]).optional(),
  type: z.string().min(1).max(200).default('App\\Notifications\\DemoNotification'),
  data: z.record(z.string(), z.json()).default({}),
});

/** The encoded payload may not exceed this (a chat message, not a file upload). */
export const MAX_PAYLOAD_BYTES = 16 * 1024;

/** The `X-Socket-ID` of the request, when it looks like a Socket.IO id. */
function socketIdOf(context: RequestContext): string | null {
  const value = context.req.headers['x-socket-id'];
  const id = Array.isArray(value) ? value[0] : value;
  return id !== undefined && /^[\w-]{1,64}$/.test(id) ? id : null;
}

function validationMessage(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`)
    .join('; ');
}

async function publish(
  context: RequestContext,
  broadcaster: Broadcaster,
  message: BroadcastMessage,
): Promise<void> {
  let published: Published;
  try {
    published = await broadcaster.broadcast(message);
  } catch {
    sendJson(context.res, 503, {
      message:
        'Redis is offline: nothing was published. Start Redis (redis-server) or set REDIS_URL.',
    });
    return;
  }
  sendJson(context.res, 200, {
    message: 'ok',
    channels: message.channels,
    event: message.event,
    socket: message.socket ?? null,
    keyPrefix: broadcaster.keyPrefix,
    command: {
      name: 'EVAL',
      script: published.command.script,
      numkeys: 0,
      args: published.command.args,
    },
    publishedAt: published.publishedAt,
    evalMs: published.evalMs,
  });
}

/** `POST /app/broadcast` with `{channel | channels, event, data?, toOthers?}`. */
export async function broadcastRoute(
  context: RequestContext,
  broadcaster: Broadcaster,
  rules: ChannelRules,
  body: unknown,
): Promise<void> {
  const parsed = broadcastSchema.safeParse(body);
  if (!parsed.success) {
    sendJson(context.res, 422, { message: validationMessage(parsed.error) });
    return;
  }
  const input = parsed.data;
  const channels = input.channels ?? (input.channel === undefined ? [] : [input.channel]);
  for (const channel of channels) {
    if (parseChannelName(channel).kind === 'public') continue;
    const answer = await authorizeChannel(rules, context.user(), channel);
    if (answer.status !== 200) {
      sendJson(context.res, answer.status, {
        message: `Not allowed to broadcast on ${channel}: ${answer.reason}`,
      });
      return;
    }
  }
  const message: BroadcastMessage = {
    channels,
    event: input.event,
    data: input.data as Record<string, JsonValue> | JsonValue[],
    socket: input.toOthers ? socketIdOf(context) : null,
  };
  const size = Buffer.byteLength(JSON.stringify(message.data));
  if (size > MAX_PAYLOAD_BYTES) {
    sendJson(context.res, 413, {
      message: `data is ${size} bytes; the limit is ${MAX_PAYLOAD_BYTES}`,
    });
    return;
  }
  await publish(context, broadcaster, message);
}

/** `POST /app/notify` with `{userId?, type?, data?}`: notifies a demo user (default: oneself). */
export async function notifyRoute(
  context: RequestContext,
  broadcaster: Broadcaster,
  body: unknown,
): Promise<void> {
  const user = context.user();
  if (user === undefined) {
    sendJson(context.res, 401, { message: 'Unauthenticated.' });
    return;
  }
  const parsed = notifySchema.safeParse(body);
  if (!parsed.success) {
    sendJson(context.res, 422, { message: validationMessage(parsed.error) });
    return;
  }
  const input = parsed.data;
  const recipient = input.userId === undefined ? user : findUser(input.userId);
  if (recipient === undefined) {
    sendJson(context.res, 422, { message: `No demo user with id ${String(input.userId)}` });
    return;
  }
  if (Buffer.byteLength(JSON.stringify(input.data)) > MAX_PAYLOAD_BYTES) {
    sendJson(context.res, 413, { message: `data is larger than ${MAX_PAYLOAD_BYTES} bytes` });
    return;
  }
  const message = notificationMessage({
    userId: recipient.id,
    id: randomUUID(),
    type: input.type,
    data: input.data as Record<string, JsonValue>,
  });
  await publish(context, broadcaster, message);
}
