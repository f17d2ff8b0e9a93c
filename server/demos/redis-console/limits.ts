/**
 * The console's quotas and rate limits, in one place: small enough that a whole class typing
 * at once cannot hurt the Redis the broadcasts run on, large enough for every example of
 * chapter 2.
 */

/** Limits of the console; every field is per visitor unless it says otherwise. */
export interface ConsoleLimits {
  /** Characters in one typed line. @default 16384 */
  readonly maxLineLength: number;
  /** Arguments after the command name. @default 32 */
  readonly maxArgs: number;
  /** Bytes of one argument (a value, a member). @default 512 */
  readonly maxArgBytes: number;
  /** Bytes of one key name (before the namespace is added). @default 128 */
  readonly maxKeyBytes: number;
  /** Keys a visitor may hold at once. @default 30 */
  readonly maxKeys: number;
  /** Elements of one list, hash, set or sorted set. @default 100 */
  readonly maxElements: number;
  /** Length of one string value after APPEND / SETRANGE. @default 4096 */
  readonly maxStringBytes: number;
  /** Memory of all of a visitor's keys together, as `MEMORY USAGE` counts it. @default 65536 */
  readonly maxBytes: number;
  /** The longest a key may live; every key written gets at most this TTL. @default 600 */
  readonly maxTtlSeconds: number;
  /** Commands in a burst, per visitor. @default 20 */
  readonly visitorBurst: number;
  /** Commands regained per second, per visitor. @default 4 */
  readonly visitorPerSecond: number;
  /** Commands in a burst, all visitors together. @default 300 */
  readonly globalBurst: number;
  /** Commands regained per second, all visitors together. @default 100 */
  readonly globalPerSecond: number;
}

/** The defaults of {@link ConsoleLimits}. */
export const CONSOLE_LIMITS: ConsoleLimits = {
  maxLineLength: 16_384,
  maxArgs: 32,
  maxArgBytes: 512,
  maxKeyBytes: 128,
  maxKeys: 30,
  maxElements: 100,
  maxStringBytes: 4096,
  maxBytes: 64 * 1024,
  maxTtlSeconds: 600,
  visitorBurst: 20,
  visitorPerSecond: 4,
  globalBurst: 300,
  globalPerSecond: 100,
};
