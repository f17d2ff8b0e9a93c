/**
 * Why the console refuses a command that is not on its allow-list, in words a learner can act
 * on, in both languages of the site. Every command Redis knows that is not allowed falls in
 * one of these families; anything else gets the generic reason.
 */

/** The languages the console answers in. */
export type ConsoleLang = 'zh-TW' | 'en';

interface Family {
  readonly commands: readonly string[];
  readonly reason: Readonly<Record<ConsoleLang, string>>;
}

const FAMILIES: readonly Family[] = [
  {
    commands: [
      'FLUSHALL',
      'FLUSHDB',
      'SWAPDB',
      'SELECT',
      'MOVE',
      'COPY',
      'MIGRATE',
      'RANDOMKEY',
      'DBSIZE',
      'SORT',
      'SORT_RO',
      'OBJECT',
      'DUMP',
      'RESTORE',
      'RESTORE-ASKING',
      'TOUCH',
      'WAIT',
      'WAITAOF',
    ],
    reason: {
      en: 'it reaches beyond your own keys (the whole database, another database, or key patterns), and this Redis is shared by everyone reading this page.',
      'zh-TW':
        '它會碰到你自己的鍵以外的資料（整個資料庫、其他資料庫或鍵的模式），而這台 Redis 是所有讀者共用的。',
    },
  },
  {
    commands: [
      'CONFIG',
      'SHUTDOWN',
      'DEBUG',
      'SAVE',
      'BGSAVE',
      'BGREWRITEAOF',
      'LASTSAVE',
      'REPLICAOF',
      'SLAVEOF',
      'SYNC',
      'PSYNC',
      'REPLCONF',
      'FAILOVER',
      'MODULE',
      'ACL',
      'AUTH',
      'HELLO',
      'CLIENT',
      'CLUSTER',
      'READONLY',
      'READWRITE',
      'ASKING',
      'INFO',
      'MEMORY',
      'LATENCY',
      'SLOWLOG',
      'MONITOR',
      'COMMAND',
      'LOLWUT',
      'RESET',
      'QUIT',
      'TIME',
      'ROLE',
    ],
    reason: {
      en: 'it administers the Redis server itself; a console a whole class shares must not be able to reconfigure, stop or watch the server.',
      'zh-TW':
        '它是管理 Redis 伺服器本身的指令；全班共用的主控台不能讓人修改設定、關閉或監看伺服器。',
    },
  },
  {
    commands: [
      'EVAL',
      'EVALSHA',
      'EVAL_RO',
      'EVALSHA_RO',
      'SCRIPT',
      'FCALL',
      'FCALL_RO',
      'FUNCTION',
    ],
    reason: {
      en: 'a Lua script can call any command on any key, which would bypass your namespace. Laravel does use EVAL to broadcast: the "What Laravel writes" demo on page 4 shows it.',
      'zh-TW':
        'Lua 腳本可以對任何鍵執行任何指令，會繞過你的命名空間。Laravel 廣播時確實使用 EVAL：第 4 頁「Laravel 寫入了什麼」的示範會展示。',
    },
  },
  {
    commands: [
      'SUBSCRIBE',
      'PSUBSCRIBE',
      'SSUBSCRIBE',
      'UNSUBSCRIBE',
      'PUNSUBSCRIBE',
      'SUNSUBSCRIBE',
      'PUBSUB',
      'SPUBLISH',
    ],
    reason: {
      en: "a subscribed connection can run nothing else, and PUBSUB would list other readers' channels. PUBLISH works here; to watch subscribers receive, use the pub/sub demo on page 3.",
      'zh-TW':
        '訂閱中的連線不能再執行其他指令，PUBSUB 則會列出其他讀者的頻道。這裡可以用 PUBLISH；想看訂閱者收到訊息，請到第 3 頁的 pub/sub 示範。',
    },
  },
  {
    commands: [
      'BLPOP',
      'BRPOP',
      'BLMOVE',
      'BRPOPLPUSH',
      'BLMPOP',
      'BZPOPMIN',
      'BZPOPMAX',
      'BZMPOP',
      'XREAD',
      'XREADGROUP',
    ],
    reason: {
      en: "it can block and wait, and the console sends everyone's commands over one shared connection. Use the non-blocking form (LPOP, RPOP, ZPOPMIN...).",
      'zh-TW':
        '它可能阻塞等待，而主控台是透過一條共用連線送出所有人的指令。請改用不阻塞的版本（LPOP、RPOP、ZPOPMIN……）。',
    },
  },
  {
    commands: ['MULTI', 'EXEC', 'DISCARD', 'WATCH', 'UNWATCH'],
    reason: {
      en: 'the console runs each line on its own over a shared connection, so a transaction could not stay yours.',
      'zh-TW': '主控台透過共用連線逐行執行指令，交易無法只屬於你。',
    },
  },
];

const BY_NAME = new Map<string, Family>();
for (const family of FAMILIES) for (const name of family.commands) BY_NAME.set(name, family);

const GENERIC: Readonly<Record<ConsoleLang, string>> = {
  en: 'it is not one of the teaching commands of this console (strings, expiry, counters, lists, hashes, sets, sorted sets, PUBLISH, KEYS/SCAN on your keys). Type HELP for the list.',
  'zh-TW':
    '它不在這個主控台的教學指令之內（字串、存活時間、計數器、串列、雜湊、集合、有序集合、PUBLISH，以及只看你自己鍵的 KEYS/SCAN）。輸入 HELP 查看清單。',
};

/** The sentence explaining why `name` is refused. */
export function refusalReason(name: string, lang: ConsoleLang): string {
  const reason = (BY_NAME.get(name.toUpperCase())?.reason ?? GENERIC)[lang];
  return lang === 'en'
    ? `This console does not run ${name.toUpperCase()}: ${reason}`
    : `這個主控台不執行 ${name.toUpperCase()}：${reason}`;
}
