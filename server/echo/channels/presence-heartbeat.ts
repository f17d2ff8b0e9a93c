/**
 * Keeps presence right across crashes: writes this node's heartbeat, removes the records of
 * nodes whose heartbeat stopped (and tells their rooms), and writes this node's members back
 * when Redis lost them (a restart without persistence, or this node reaped after a stall).
 */
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { EchoIO } from '../io-types.ts';
import type { ChannelManager } from './channel-manager.ts';
import type { PresenceStore } from './presence-store.ts';

/** A running heartbeat. */
export interface PresenceHeartbeat {
  stop(): void;
}

/** Starts the heartbeat loop on `commands` (the command connection of the store). */
export function startPresenceHeartbeat(options: {
  io: EchoIO;
  commands: Redis;
  presence: PresenceStore;
  manager: ChannelManager;
  heartbeatMs: number;
  nodeTimeoutMs: number;
  logger: Logger;
  /** Called after each beat with every known node id (cluster mode keeps its view fresh). */
  onNodes?: (nodes: string[]) => void;
}): PresenceHeartbeat {
  const { io, commands, presence, manager, logger } = options;
  let beats = 0;
  const restoreAll = (): void => {
    for (const socket of io.of('/').sockets.values()) {
      manager
        .restorePresence(socket)
        .catch((err: unknown) => logger.warn({ err }, 'Could not restore presence'));
    }
  };
  const beat = async (): Promise<void> => {
    if (commands.status !== 'ready') return;
    // Redis's clock, not ours: nodes on machines whose clocks disagree still agree on who is dead.
    const [seconds, micros] = await commands.time();
    const now = Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
    // The heartbeat set outlives a dead cluster long enough for a restart to reap it.
    const wasMissing = await presence.heartbeat(Math.max(10 * options.nodeTimeoutMs, 600_000), now);
    // Our entry vanished although we beat before: our records may be gone too.
    if (wasMissing && beats > 0) restoreAll();
    beats++;
    const left = await presence.reapDeadNodes(options.nodeTimeoutMs, now);
    if (beats === 1) left.push(...(await presence.reapOrphans(options.nodeTimeoutMs, now)));
    for (const { channel, member } of left) manager.announceLeaving(channel, member);
    if (options.onNodes) options.onNodes(await presence.allNodes());
  };
  const run = (): void =>
    void beat().catch((err: unknown) => logger.debug({ err }, 'Presence heartbeat failed'));
  const timer = setInterval(run, options.heartbeatMs);
  timer.unref();
  let readyBefore = false;
  const onReady = (): void => {
    // After a reconnect Redis may have restarted empty.
    if (readyBefore) restoreAll();
    readyBefore = true;
    run();
  };
  commands.on('ready', onReady);
  if (commands.status === 'ready') onReady();
  return {
    stop() {
      clearInterval(timer);
      commands.off('ready', onReady);
    },
  };
}
