/**
 * A client worker process: holds a share of the benchmark's Socket.IO clients, subscribes each
 * to its channel the way laravel-echo does (`subscribe {channel, auth}`), and records, per
 * measured message, the latency from the publish time in the payload to its arrival.
 * Driven by the main process over IPC (see client-pool.mjs): connect, status, collect, close.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { io as ioV4 } from 'socket.io-client';
import ioV2 from 'socket.io-client-v2';
import { MEASURED_EVENT, READY_EVENT, nowMicros } from '../publisher.mjs';

/** @type {{ socket: any, ready: boolean, received: number, lastSeq: number }[]} */
let clients = [];
let latencies = new Float64Array(0);
let received = 0;
let outOfOrder = 0;
let disconnects = 0;
let firstReceiveUs = 0;
let lastReceiveUs = 0;

function record(client, data) {
  const now = nowMicros();
  if (received < latencies.length) latencies[received] = now - data.sentUs;
  received += 1;
  client.received += 1;
  if (data.seq <= client.lastSeq) outOfOrder += 1;
  client.lastSeq = data.seq;
  if (firstReceiveUs === 0) firstReceiveUs = now;
  lastReceiveUs = now;
}

function openSocket(url, version) {
  const options = {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    timeout: 20_000,
  };
  return version === 'v2' ? ioV2(url, options) : ioV4(url, options);
}

/** Connects one client and subscribes it; resolves true once connected, false on failure. */
function connectOne(url, version, channel) {
  return new Promise((resolve) => {
    const socket = openSocket(url, version);
    const client = { socket, ready: false, received: 0, lastSeq: -1 };
    socket.on(MEASURED_EVENT, (_channel, data) => record(client, data));
    socket.on(READY_EVENT, () => {
      client.ready = true;
    });
    socket.once('connect', () => {
      clients.push(client);
      socket.on('disconnect', () => {
        disconnects += 1;
      });
      socket.emit('subscribe', { channel, auth: { headers: {} } });
      resolve(true);
    });
    socket.once('connect_error', () => {
      socket.close();
      resolve(false);
    });
  });
}

async function connectAll({ url, version, channels, concurrency, timeoutMs, expectedMessages }) {
  // Connections may come in several batches: room for every batch's measured messages.
  const grown = new Float64Array(latencies.length + expectedMessages);
  grown.set(latencies);
  latencies = grown;
  const started = Date.now();
  const before = clients.length;
  let next = 0;
  let failed = 0;
  const lane = async () => {
    while (next < channels.length && Date.now() - started < timeoutMs) {
      const channel = channels[next];
      next += 1;
      if (!(await connectOne(url, version, channel))) failed += 1;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, channels.length) }, lane));
  return {
    connected: clients.length - before,
    failed: failed + (channels.length - next),
    ms: Date.now() - started,
  };
}

async function closeAll() {
  for (const { socket } of clients) {
    socket.removeAllListeners('disconnect');
    socket.close();
  }
  clients = [];
  await sleep(50);
  return { closed: true };
}

const handlers = {
  connect: connectAll,
  status: () => ({
    ready: clients.filter((c) => c.ready).length,
    received,
    disconnects,
  }),
  collect: () => ({
    received,
    outOfOrder,
    disconnects,
    firstReceiveUs,
    lastReceiveUs,
    latencies: latencies.slice(0, Math.min(received, latencies.length)),
  }),
  close: closeAll,
};

process.on('message', async ({ id, type, args }) => {
  try {
    const result = await handlers[type](args);
    process.send({ id, ok: true, result });
  } catch (error) {
    process.send({ id, ok: false, error: String(error?.stack ?? error) });
  }
});
// The main process owns this worker: when it goes, so does the worker.
process.on('disconnect', () => process.exit(0));
