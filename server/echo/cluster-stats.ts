/**
 * Figures for the HTTP API: this node's connections and channel sizes, and in cluster mode
 * those of every other node, gathered with a server-side emit.
 */
import type { Logger } from 'pino';
import { roomChannel } from './channels/channel-name.ts';
import type { EchoIO, NodeStats } from './io-types.ts';

const PEER_TIMEOUT_MS = 2_000;

/** This node's figures. */
export function localStats(io: EchoIO): NodeStats {
  const channels: Record<string, number> = {};
  for (const [room, sockets] of io.of('/').adapter.rooms) {
    const channel = roomChannel(room);
    if (channel !== undefined) channels[channel] = sockets.size;
  }
  return { connections: io.engine.clientsCount, channels };
}

/** Answers peers' requests and returns a function that gathers every node's figures. */
export function createClusterStats(
  io: EchoIO,
  clustered: boolean,
  logger: Logger,
): () => Promise<NodeStats[]> {
  io.on('echo:stats', (ack) => ack(localStats(io)));
  return async () => {
    const local = localStats(io);
    if (!clustered) return [local];
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('timeout')), PEER_TIMEOUT_MS);
    });
    try {
      const others = await Promise.race([io.serverSideEmitWithAck('echo:stats'), timeout]);
      return [local, ...others];
    } catch (error) {
      logger.warn(
        { err: error },
        'Some cluster nodes did not answer a stats request; answering with partial figures',
      );
      return [local];
    } finally {
      clearTimeout(timer);
    }
  };
}
