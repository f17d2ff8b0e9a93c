/**
 * The console's allow-list: the teaching commands of chapter 2 and, for each, which arguments
 * are key names (they get the visitor's namespace), whether it writes (the written keys get a
 * TTL and count against the quotas) and how many elements it may add. Anything not listed is
 * refused (`refusals.ts` says why).
 */

/** The data structure a command works on, for quotas and HELP. */
export type CommandGroup =
  'string' | 'expiry' | 'list' | 'hash' | 'set' | 'zset' | 'generic' | 'pubsub' | 'console';

/** How the console treats one allowed command. */
export interface CommandSpec {
  readonly name: string;
  readonly group: CommandGroup;
  /** `redis-cli`-style syntax, shown by HELP. */
  readonly syntax: string;
  /** Fewest and most arguments after the name. */
  readonly minArgs: number;
  readonly maxArgs: number;
  /** Indexes (after the name) of the arguments that are key names. */
  keys(args: readonly Buffer[]): number[];
  /** Whether it may create or change keys (they then get the TTL cap and quota checks). */
  readonly writes: boolean;
  /** Elements it may add to the collection at key index 0 (or `into`), at most. */
  grows?(args: readonly Buffer[]): number;
  /** Which key index receives the new elements (default the first key). */
  readonly into?: number;
  /** An extra check of the arguments; returns what is wrong, in words. */
  check?(args: readonly Buffer[]): string | undefined;
}

const FIRST = (): number[] => [0];
const ALL = (args: readonly Buffer[]): number[] => args.map((_arg, index) => index);
const FIRST_TWO = (): number[] => [0, 1];
const EVEN = (args: readonly Buffer[]): number[] =>
  args.map((_arg, index) => index).filter((index) => index % 2 === 0);
const NONE = (): number[] => [];
const MANY = 64;

const text = (arg: Buffer | undefined): string => arg?.toString('utf8') ?? '';
const int = (arg: Buffer | undefined): number | undefined => {
  const value = text(arg);
  return /^-?\d{1,12}$/.test(value) ? Number(value) : undefined;
};

/** Largest COUNT a reader may ask of SRANDMEMBER / SPOP (a negative count repeats members). */
export const MAX_COUNT_ARG = 100;

function countAt(position: number) {
  return (args: readonly Buffer[]): string | undefined => {
    if (args[position] === undefined) return undefined;
    const count = int(args[position]);
    if (count === undefined) return undefined; // Redis answers a bad number itself.
    return Math.abs(count) > MAX_COUNT_ARG
      ? `count must be between -${MAX_COUNT_ARG} and ${MAX_COUNT_ARG}`
      : undefined;
  };
}

function spec(
  name: string,
  group: CommandGroup,
  syntax: string,
  arity: readonly [number, number],
  keys: (args: readonly Buffer[]) => number[],
  extra: Partial<Pick<CommandSpec, 'writes' | 'grows' | 'into' | 'check'>> = {},
): CommandSpec {
  return {
    name,
    group,
    syntax,
    minArgs: arity[0],
    maxArgs: arity[1],
    keys,
    writes: false,
    ...extra,
  };
}

const rest =
  (from: number) =>
  (args: readonly Buffer[]): number =>
    Math.max(0, args.length - from);
const pairs =
  (from: number) =>
  (args: readonly Buffer[]): number =>
    Math.ceil(Math.max(0, args.length - from) / 2);
const one = (): number => 1;
const W = { writes: true } as const;

const SPECS: readonly CommandSpec[] = [
  // Strings and counters
  spec('GET', 'string', 'GET key', [1, 1], FIRST),
  spec('SET', 'string', 'SET key value [NX|XX] [GET] [EX seconds|PX ms|KEEPTTL]', [2, 6], FIRST, W),
  spec('SETNX', 'string', 'SETNX key value', [2, 2], FIRST, W),
  spec('SETEX', 'string', 'SETEX key seconds value', [3, 3], FIRST, W),
  spec('PSETEX', 'string', 'PSETEX key milliseconds value', [3, 3], FIRST, W),
  spec('GETSET', 'string', 'GETSET key value', [2, 2], FIRST, W),
  spec('GETDEL', 'string', 'GETDEL key', [1, 1], FIRST),
  spec('GETEX', 'string', 'GETEX key [EX seconds|PX ms|PERSIST]', [1, 3], FIRST, W),
  spec('MGET', 'string', 'MGET key [key ...]', [1, MANY], ALL),
  spec('MSET', 'string', 'MSET key value [key value ...]', [2, MANY], EVEN, W),
  spec('MSETNX', 'string', 'MSETNX key value [key value ...]', [2, MANY], EVEN, W),
  spec('APPEND', 'string', 'APPEND key value', [2, 2], FIRST, W),
  spec('STRLEN', 'string', 'STRLEN key', [1, 1], FIRST),
  spec('GETRANGE', 'string', 'GETRANGE key start end', [3, 3], FIRST),
  spec('SETRANGE', 'string', 'SETRANGE key offset value', [3, 3], FIRST, W),
  spec('INCR', 'string', 'INCR key', [1, 1], FIRST, W),
  spec('DECR', 'string', 'DECR key', [1, 1], FIRST, W),
  spec('INCRBY', 'string', 'INCRBY key increment', [2, 2], FIRST, W),
  spec('DECRBY', 'string', 'DECRBY key decrement', [2, 2], FIRST, W),
  spec('INCRBYFLOAT', 'string', 'INCRBYFLOAT key increment', [2, 2], FIRST, W),
  // Expiry
  spec('EXPIRE', 'expiry', 'EXPIRE key seconds [NX|XX|GT|LT]', [2, 3], FIRST, W),
  spec('PEXPIRE', 'expiry', 'PEXPIRE key milliseconds [NX|XX|GT|LT]', [2, 3], FIRST, W),
  spec('EXPIREAT', 'expiry', 'EXPIREAT key unix-time-seconds', [2, 3], FIRST, W),
  spec('TTL', 'expiry', 'TTL key', [1, 1], FIRST),
  spec('PTTL', 'expiry', 'PTTL key', [1, 1], FIRST),
  spec('PERSIST', 'expiry', 'PERSIST key', [1, 1], FIRST, W),
  // Lists
  spec('LPUSH', 'list', 'LPUSH key element [element ...]', [2, MANY], FIRST, {
    ...W,
    grows: rest(1),
  }),
  spec('RPUSH', 'list', 'RPUSH key element [element ...]', [2, MANY], FIRST, {
    ...W,
    grows: rest(1),
  }),
  spec('LPUSHX', 'list', 'LPUSHX key element [element ...]', [2, MANY], FIRST, {
    ...W,
    grows: rest(1),
  }),
  spec('RPUSHX', 'list', 'RPUSHX key element [element ...]', [2, MANY], FIRST, {
    ...W,
    grows: rest(1),
  }),
  spec('LINSERT', 'list', 'LINSERT key BEFORE|AFTER pivot element', [4, 4], FIRST, {
    ...W,
    grows: one,
  }),
  spec('LPOP', 'list', 'LPOP key [count]', [1, 2], FIRST),
  spec('RPOP', 'list', 'RPOP key [count]', [1, 2], FIRST),
  spec('LRANGE', 'list', 'LRANGE key start stop', [3, 3], FIRST),
  spec('LLEN', 'list', 'LLEN key', [1, 1], FIRST),
  spec('LINDEX', 'list', 'LINDEX key index', [2, 2], FIRST),
  spec('LSET', 'list', 'LSET key index element', [3, 3], FIRST, W),
  spec('LREM', 'list', 'LREM key count element', [3, 3], FIRST),
  spec('LTRIM', 'list', 'LTRIM key start stop', [3, 3], FIRST),
  spec('LPOS', 'list', 'LPOS key element [RANK rank] [COUNT n] [MAXLEN len]', [2, 8], FIRST),
  spec('LMOVE', 'list', 'LMOVE source destination LEFT|RIGHT LEFT|RIGHT', [4, 4], FIRST_TWO, {
    ...W,
    grows: one,
    into: 1,
  }),
  spec('RPOPLPUSH', 'list', 'RPOPLPUSH source destination', [2, 2], FIRST_TWO, {
    ...W,
    grows: one,
    into: 1,
  }),
  // Hashes
  spec('HSET', 'hash', 'HSET key field value [field value ...]', [3, MANY], FIRST, {
    ...W,
    grows: pairs(1),
  }),
  spec('HMSET', 'hash', 'HMSET key field value [field value ...]', [3, MANY], FIRST, {
    ...W,
    grows: pairs(1),
  }),
  spec('HSETNX', 'hash', 'HSETNX key field value', [3, 3], FIRST, { ...W, grows: one }),
  spec('HGET', 'hash', 'HGET key field', [2, 2], FIRST),
  spec('HMGET', 'hash', 'HMGET key field [field ...]', [2, MANY], FIRST),
  spec('HGETALL', 'hash', 'HGETALL key', [1, 1], FIRST),
  spec('HDEL', 'hash', 'HDEL key field [field ...]', [2, MANY], FIRST),
  spec('HEXISTS', 'hash', 'HEXISTS key field', [2, 2], FIRST),
  spec('HKEYS', 'hash', 'HKEYS key', [1, 1], FIRST),
  spec('HVALS', 'hash', 'HVALS key', [1, 1], FIRST),
  spec('HLEN', 'hash', 'HLEN key', [1, 1], FIRST),
  spec('HSTRLEN', 'hash', 'HSTRLEN key field', [2, 2], FIRST),
  spec('HINCRBY', 'hash', 'HINCRBY key field increment', [3, 3], FIRST, { ...W, grows: one }),
  spec('HINCRBYFLOAT', 'hash', 'HINCRBYFLOAT key field increment', [3, 3], FIRST, {
    ...W,
    grows: one,
  }),
  // Sets
  spec('SADD', 'set', 'SADD key member [member ...]', [2, MANY], FIRST, { ...W, grows: rest(1) }),
  spec('SREM', 'set', 'SREM key member [member ...]', [2, MANY], FIRST),
  spec('SMEMBERS', 'set', 'SMEMBERS key', [1, 1], FIRST),
  spec('SISMEMBER', 'set', 'SISMEMBER key member', [2, 2], FIRST),
  spec('SMISMEMBER', 'set', 'SMISMEMBER key member [member ...]', [2, MANY], FIRST),
  spec('SCARD', 'set', 'SCARD key', [1, 1], FIRST),
  spec('SPOP', 'set', 'SPOP key [count]', [1, 2], FIRST, { check: countAt(1) }),
  spec('SRANDMEMBER', 'set', 'SRANDMEMBER key [count]', [1, 2], FIRST, { check: countAt(1) }),
  spec('SMOVE', 'set', 'SMOVE source destination member', [3, 3], FIRST_TWO, {
    ...W,
    grows: one,
    into: 1,
  }),
  spec('SINTER', 'set', 'SINTER key [key ...]', [1, 8], ALL),
  spec('SUNION', 'set', 'SUNION key [key ...]', [1, 8], ALL),
  spec('SDIFF', 'set', 'SDIFF key [key ...]', [1, 8], ALL),
  // Sorted sets
  spec(
    'ZADD',
    'zset',
    'ZADD key [NX|XX] [GT|LT] [CH] [INCR] score member [score member ...]',
    [3, MANY],
    FIRST,
    { ...W, grows: pairs(1) },
  ),
  spec('ZINCRBY', 'zset', 'ZINCRBY key increment member', [3, 3], FIRST, { ...W, grows: one }),
  spec('ZREM', 'zset', 'ZREM key member [member ...]', [2, MANY], FIRST),
  spec('ZCARD', 'zset', 'ZCARD key', [1, 1], FIRST),
  spec('ZCOUNT', 'zset', 'ZCOUNT key min max', [3, 3], FIRST),
  spec('ZSCORE', 'zset', 'ZSCORE key member', [2, 2], FIRST),
  spec('ZMSCORE', 'zset', 'ZMSCORE key member [member ...]', [2, MANY], FIRST),
  spec('ZRANK', 'zset', 'ZRANK key member', [2, 2], FIRST),
  spec('ZREVRANK', 'zset', 'ZREVRANK key member', [2, 2], FIRST),
  spec(
    'ZRANGE',
    'zset',
    'ZRANGE key start stop [BYSCORE|BYLEX] [REV] [LIMIT offset count] [WITHSCORES]',
    [3, 8],
    FIRST,
  ),
  spec('ZREVRANGE', 'zset', 'ZREVRANGE key start stop [WITHSCORES]', [3, 4], FIRST),
  spec(
    'ZRANGEBYSCORE',
    'zset',
    'ZRANGEBYSCORE key min max [WITHSCORES] [LIMIT offset count]',
    [3, 6],
    FIRST,
  ),
  spec(
    'ZREVRANGEBYSCORE',
    'zset',
    'ZREVRANGEBYSCORE key max min [WITHSCORES] [LIMIT offset count]',
    [3, 6],
    FIRST,
  ),
  spec('ZPOPMIN', 'zset', 'ZPOPMIN key [count]', [1, 2], FIRST, { check: countAt(1) }),
  spec('ZPOPMAX', 'zset', 'ZPOPMAX key [count]', [1, 2], FIRST, { check: countAt(1) }),
  spec('ZREMRANGEBYRANK', 'zset', 'ZREMRANGEBYRANK key start stop', [3, 3], FIRST),
  spec('ZREMRANGEBYSCORE', 'zset', 'ZREMRANGEBYSCORE key min max', [3, 3], FIRST),
  // Keys
  spec('DEL', 'generic', 'DEL key [key ...]', [1, MANY], ALL),
  spec('UNLINK', 'generic', 'UNLINK key [key ...]', [1, MANY], ALL),
  spec('EXISTS', 'generic', 'EXISTS key [key ...]', [1, MANY], ALL),
  spec('TYPE', 'generic', 'TYPE key', [1, 1], FIRST),
  spec('RENAME', 'generic', 'RENAME key newkey', [2, 2], FIRST_TWO, W),
  spec('RENAMENX', 'generic', 'RENAMENX key newkey', [2, 2], FIRST_TWO, W),
  spec('KEYS', 'generic', 'KEYS pattern   (your keys only)', [1, 1], NONE),
  spec(
    'SCAN',
    'generic',
    'SCAN cursor [MATCH pattern] [COUNT count] [TYPE type]   (your keys only)',
    [1, 7],
    NONE,
  ),
  spec('PING', 'generic', 'PING [message]', [0, 1], NONE),
  spec('ECHO', 'generic', 'ECHO message', [1, 1], NONE),
  // Pub/sub (the channel is put in your namespace)
  spec('PUBLISH', 'pubsub', 'PUBLISH channel message', [2, 2], NONE),
  // The console itself
  spec('HELP', 'console', 'HELP [command]', [0, 1], NONE),
];

/** Every allowed command, by upper-case name. */
export const COMMANDS: ReadonlyMap<string, CommandSpec> = new Map(
  SPECS.map((entry) => [entry.name, entry]),
);

/** The spec of `name` (any case), if it is allowed. */
export function findCommand(name: string): CommandSpec | undefined {
  return COMMANDS.get(name.toUpperCase());
}

/** Allowed commands grouped for HELP, in table order. */
export function commandsByGroup(): Map<CommandGroup, CommandSpec[]> {
  const groups = new Map<CommandGroup, CommandSpec[]>();
  for (const entry of SPECS) groups.set(entry.group, [...(groups.get(entry.group) ?? []), entry]);
  return groups;
}
