/**
 * The pure part of the ch4-private demo: the code shown for a subscription, the rule in PHP, the
 * shape of the auth records the `auth-log` service streams, and how one is told to the reader.
 */
import { z } from 'zod';

/** The rule of `routes/channels.php` the demo exercises, as a Laravel app writes it. */
export const PHP_RULE = `<?php
// routes/channels.php
use App\\Models\\Order;
use Illuminate\\Support\\Facades\\Broadcast;

Broadcast::channel('order.{orderId}', function ($user, $orderId) {
    return $user->id === Order::findOrNew($orderId)->user_id;
});`;

/** The private channel of an order, as Echo names it on the wire. */
export function orderChannel(orderId: number): string {
  return `private-order.${orderId}`;
}

/** The JavaScript of the subscription, as the reader would write it. */
export function subscribeCode(orderId: number): string {
  return [
    `Echo.private(\`order.\${orderId}\`) // orderId = ${orderId}`,
    `    .listen('OrderShipped', (e) => {`,
    `        console.log(e.update);`,
    `    });`,
    ``,
    `Echo.connector.socket.on('subscription_error', (channel, status) => {`,
    `    console.warn(channel, status); // e.g. 'private-order.${orderId}', 403`,
    `});`,
  ].join('\n');
}

/** One record of `GET /demos/auth-log/stream` (server/demos/auth-log/auth-record.ts). */
export const authRecordSchema = z.object({
  channel: z.string(),
  outcome: z.enum(['joined', 'refused']),
  status: z.number(),
  request: z.object({ method: z.string(), url: z.string(), body: z.string() }),
  answer: z.object({ status: z.number(), body: z.string(), reason: z.string() }).nullable(),
  ms: z.number().nullable(),
  userId: z.number().nullable(),
});

/** A parsed auth record. */
export type AuthRecordView = z.infer<typeof authRecordSchema>;

/** Parses an SSE `data:` line; undefined when it is not an auth record. */
export function parseAuthRecord(text: string): AuthRecordView | undefined {
  try {
    const parsed = authRecordSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** The request the echo server sent, as text (header values the reader must not copy hidden). */
export function requestText(record: AuthRecordView, csrfToken: string): string {
  const token = csrfToken === '' ? '' : `${csrfToken.slice(0, 6)}…`;
  return [
    `${record.request.method} ${record.request.url}`,
    'Content-Type: application/x-www-form-urlencoded',
    `X-CSRF-TOKEN: ${token}`,
    'Cookie: echo_lab_session=…; XSRF-TOKEN=…',
    'X-Requested-With: XMLHttpRequest',
    '',
    record.request.body,
  ].join('\n');
}

/** The app's answer, as text; a placeholder when the request never reached the app. */
export function answerText(record: AuthRecordView, noAnswer: string): string {
  if (record.answer === null) return noAnswer;
  const ms = record.ms === null ? '' : ` (${record.ms} ms)`;
  return `HTTP ${record.answer.status}${ms}\n\n${record.answer.body}`;
}
