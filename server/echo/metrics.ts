/**
 * Prometheus metrics of one echo server, in its own registry so several servers can live in
 * one process (tests, the tutorial site).
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The metrics an echo server updates. */
export interface EchoMetrics {
  registry: Registry;
  connections: Gauge;
  subscriptions: Gauge<'type'>;
  broadcasts: Counter<'source'>;
  deliveriesDropped: Counter<'reason'>;
  authDuration: Histogram<'status'>;
  whispers: Counter<'result'>;
  redisUp: Gauge;
}

/** Live figures read at scrape time, so the hot path updates nothing. */
export interface MetricSources {
  connections: () => number;
  subscriptions: () => Record<string, number>;
}

/** Creates the registry and metrics. */
export function createMetrics(sources: MetricSources): EchoMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'echo_server_' });
  const registers = [registry];
  return {
    registry,
    connections: new Gauge({
      name: 'echo_server_connections',
      help: 'Open Socket.IO connections on this node',
      registers,
      collect() {
        this.set(sources.connections());
      },
    }),
    subscriptions: new Gauge({
      name: 'echo_server_subscriptions',
      help: 'Channel subscriptions on this node',
      labelNames: ['type'],
      registers,
      collect() {
        for (const [type, n] of Object.entries(sources.subscriptions())) this.set({ type }, n);
      },
    }),
    broadcasts: new Counter({
      name: 'echo_server_broadcasts_total',
      help: 'Broadcasts received from Laravel',
      labelNames: ['source'],
      registers,
    }),
    deliveriesDropped: new Counter({
      name: 'echo_server_broadcasts_dropped_total',
      help: 'Broadcasts not relayed',
      labelNames: ['reason'],
      registers,
    }),
    authDuration: new Histogram({
      name: 'echo_server_auth_duration_seconds',
      help: 'Duration of /broadcasting/auth requests',
      labelNames: ['status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    whispers: new Counter({
      name: 'echo_server_whispers_total',
      help: 'Whispers relayed or refused',
      labelNames: ['result'],
      registers,
    }),
    redisUp: new Gauge({
      name: 'echo_server_redis_up',
      help: '1 when the Redis connections are ready',
      registers,
    }),
  };
}
