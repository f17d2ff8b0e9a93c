/**
 * The cache demo's "database": a function that waits on purpose before answering, standing in
 * for a slow SQL query. It is simulated slowness, and the demo says so; every figure the demo
 * shows is still a real measurement of the time this wait (and Redis) took.
 */

/** How long the simulated query takes. @default 800 */
export const SLOW_QUERY_MS = 800;

/** One row of the simulated `rooms` table. */
export interface RoomRow {
  readonly name: string;
  readonly online: number;
}

const ROOMS: readonly string[] = ['lobby', 'laravel', 'redis', 'socket.io', 'random'];

/** The "database": counts its queries, so the demo can show that a hit never reaches it. */
export class SlowDatabase {
  readonly #delayMs: number;
  #queries = 0;

  constructor(delayMs = SLOW_QUERY_MS) {
    this.#delayMs = delayMs;
  }

  /** Queries run so far. */
  get queries(): number {
    return this.#queries;
  }

  /**
   * `SELECT name, online FROM rooms ORDER BY online DESC LIMIT 3`, answered after the delay.
   * The figures change over time, so a fresh query is visibly fresh.
   */
  async popularRooms(now = new Date()): Promise<{ rows: RoomRow[]; queriedAt: string }> {
    this.#queries += 1;
    await new Promise((resolve) => setTimeout(resolve, this.#delayMs));
    const seed = Math.floor(now.getTime() / 1000);
    const rows = ROOMS.map((name, index) => ({ name, online: ((seed * (index + 3)) % 40) + 1 }))
      .sort((a, b) => b.online - a.online)
      .slice(0, 3);
    return { rows, queriedAt: now.toISOString() };
  }
}
