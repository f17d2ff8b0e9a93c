/**
 * The ceiling: the least work any Redis-to-Socket.IO relay can do. Socket.IO 4 + ioredis,
 * `PSUBSCRIBE <prefix>*`; a message's `event` is emitted to the room named after the unprefixed
 * channel as (channel, data); `subscribe` joins that room. No auth, no validation, no presence,
 * no connection state recovery, no logging. Not a server anyone should deploy.
 * With `--recovery`, the same relay with Socket.IO's connection state recovery on (what our
 * server enables by default), to show what that feature alone costs.
 *
 * Usage: node ceiling-relay.mjs <port> <redisPort> <keyPrefix> [--recovery]
 */
import { createServer } from 'node:http';
import { Redis } from 'ioredis';
import { Server } from 'socket.io';

const [port, redisPort, keyPrefix] = [
  Number(process.argv[2]),
  Number(process.argv[3]),
  process.argv[4] ?? '',
];

const recovery = process.argv.includes('--recovery');

const httpServer = createServer();
const io = new Server(
  httpServer,
  recovery
    ? { connectionStateRecovery: { maxDisconnectionDuration: 120_000, skipMiddlewares: true } }
    : {},
);

io.on('connection', (socket) => {
  socket.on('subscribe', (request) => {
    if (typeof request?.channel === 'string') void socket.join(request.channel);
  });
  socket.on('unsubscribe', (request) => {
    if (typeof request?.channel === 'string') void socket.leave(request.channel);
  });
});

const subscriber = new Redis({ host: '127.0.0.1', port: redisPort });
subscriber.on('error', (error) => console.error(`redis: ${error.message}`));
subscriber.on('pmessage', (_pattern, prefixed, message) => {
  let payload;
  try {
    payload = JSON.parse(message);
  } catch {
    return;
  }
  const channel = prefixed.slice(keyPrefix.length);
  const room = payload.socket ? io.to(channel).except(payload.socket) : io.to(channel);
  room.emit(payload.event, channel, payload.data);
});

await subscriber.psubscribe(`${keyPrefix}*`);
httpServer.listen(port, '127.0.0.1');
process.once('SIGTERM', () => process.exit(0));
