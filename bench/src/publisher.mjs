/**
 * Publishes exactly as Laravel's Redis broadcaster does (PROTOCOL.md section 1): one EVAL of a
 * Lua script that PUBLISHes ARGV[1] (the JSON payload) to each of ARGV[2..] (the prefixed
 * channel names), with no keys. The payload carries a sequence number and the publish time.
 */
import { Redis } from 'ioredis';
import { HOST } from './net-utils.mjs';

const PUBLISH_SCRIPT = "for i = 2, #ARGV do redis.call('publish', ARGV[i], ARGV[1]) end";

/** The event every measured message carries (what `broadcastAs()` would not rename). */
export const MEASURED_EVENT = 'App\\Events\\BenchMessage';
/** The event of readiness probes: "are all clients subscribed yet?". */
export const READY_EVENT = 'App\\Events\\BenchReady';

/** Microseconds on the monotonic clock, which every process of the machine shares. */
export const nowMicros = () => Number(process.hrtime.bigint() / 1000n);

/** A Laravel-style publisher for one key prefix. */
export function createPublisher(redisPort) {
  const redis = new Redis({ host: HOST, port: redisPort, maxRetriesPerRequest: 1 });
  redis.on('error', (error) => console.error(`publisher: ${error.message}`));
  return {
    /** Publishes one event to `channels` (unprefixed), as one EVAL. */
    publish(keyPrefix, channels, event, data) {
      const payload = JSON.stringify({ event, data, socket: null });
      return redis.eval(PUBLISH_SCRIPT, 0, payload, ...channels.map((c) => keyPrefix + c));
    },
    /** A measured message: the publish time is taken just before the EVAL is sent. */
    publishMeasured(keyPrefix, channel, seq) {
      const data = {
        seq,
        sentUs: nowMicros(),
        order: { id: seq, status: 'shipped', total: '42.00' },
      };
      return this.publish(keyPrefix, [channel], MEASURED_EVENT, data);
    },
    close: () => redis.quit().catch(() => redis.disconnect()),
  };
}
