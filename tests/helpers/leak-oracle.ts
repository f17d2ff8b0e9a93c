/**
 * The leak oracle: after clients are gone, the server must hold no sockets, no channel rooms
 * and no presence records.
 */
import type { Redis } from 'ioredis';
import type { EchoServer } from '../../server/echo/create-echo-server.ts';
import { scanKeys } from './redis.ts';
import { waitFor } from './wait.ts';

/** What is still held. */
export interface Leftovers {
  sockets: number;
  channelRooms: string[];
  presenceKeys: string[];
}

/** Counts what a server still holds. */
export async function leftovers(echo: EchoServer, redis: Redis): Promise<Leftovers> {
  const nsp = echo.io.of('/');
  const channelRooms = [...nsp.adapter.rooms.keys()].filter((r) => r.startsWith('#'));
  const presenceKeys = await scanKeys(redis, `${echo.keys.namespace}presence:*`);
  const nodeSets = await scanKeys(redis, `${echo.keys.namespace}node:*`);
  return { sockets: nsp.sockets.size, channelRooms, presenceKeys: [...presenceKeys, ...nodeSets] };
}

/** Waits until nothing is held; throws with the leftovers otherwise. */
export async function expectNoLeaks(echo: EchoServer, redis: Redis, ms = 10_000): Promise<void> {
  let last: Leftovers | undefined;
  try {
    await waitFor(
      async () => {
        last = await leftovers(echo, redis);
        return (
          last.sockets === 0 && last.channelRooms.length === 0 && last.presenceKeys.length === 0
        );
      },
      'the server to release every socket, room and presence record',
      ms,
    );
  } catch {
    throw new Error(`Leak: ${JSON.stringify(last)}`);
  }
}
