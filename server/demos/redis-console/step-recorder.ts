/**
 * Sends the console's commands to Redis and records each one as the inspector shows it: the
 * command in `redis-cli` form (namespaced keys included) and the RESP bytes both ways.
 */
import { showCommand } from './command-line.ts';
import { encodeCommand, showResp, type RespReply } from './resp.ts';
import type { RespConnection } from './resp-connection.ts';

/** One command the console sent to Redis, as the inspector shows it. */
export interface ConsoleStep {
  /** `redis-cli` form, namespaced keys included: `SET "echo-lab:console:…:greeting" "hi"`. */
  readonly command: string;
  /** The request bytes on the wire (RESP, escaped on one line). */
  readonly request: string;
  /** The reply bytes on the wire. */
  readonly reply: string;
  /** True for the console's own checks (quota, TTL cap) rather than the reader's command. */
  readonly housekeeping: boolean;
}

/** The commands of one console line, in the order they were sent. */
export class StepRecorder {
  readonly steps: ConsoleStep[] = [];
  readonly #connection: RespConnection;

  constructor(connection: RespConnection) {
    this.#connection = connection;
  }

  /** The Redis server's version (`EXPIRE ... LT` needs 7). */
  get redisVersion(): string {
    return this.#connection.version;
  }

  /** Sends `args` and records the exchange. */
  async send(args: readonly Buffer[], housekeeping: boolean): Promise<RespReply> {
    const reply = await this.#connection.send(args);
    this.steps.push({
      command: showCommand(args),
      request: showResp(encodeCommand(args)),
      reply: showResp(reply.raw),
      housekeeping,
    });
    return reply;
  }
}
