/**
 * Everything the console says in its own words (not Redis's), in both languages of the site.
 */
import type { ConsoleLimits } from './limits.ts';
import type { ConsoleLang } from './refusals.ts';

/** The console's own sentences. */
export interface ConsoleMessages {
  lineTooLong(limit: number): string;
  badLine(detail: string): string;
  wrongArity(name: string, syntax: string): string;
  tooManyArgs(limit: number): string;
  argTooLong(limit: number): string;
  keyTooLong(limit: number): string;
  badArgument(name: string, detail: string): string;
  tooManyKeys(limits: ConsoleLimits): string;
  tooManyBytes(limits: ConsoleLimits): string;
  tooManyElements(limits: ConsoleLimits): string;
  stringTooLong(limits: ConsoleLimits): string;
  ttlCapped(seconds: number): string;
  keysEmulated: string;
  scanEmulated: string;
  publishNamespaced(channel: string): string;
  publishDisabled: string;
  helpIntro(seconds: number): string;
  helpGroups: Readonly<Record<string, string>>;
  rateLimited: string;
  globalRateLimited: string;
  busy: string;
  offline(detail: string): string;
}

const EN: ConsoleMessages = {
  lineTooLong: (limit) => `Refused: a line may be at most ${limit} characters.`,
  badLine: (detail) => `Invalid argument(s): ${detail}.`,
  wrongArity: (name, syntax) => `ERR wrong number of arguments for '${name}'. Syntax: ${syntax}`,
  tooManyArgs: (limit) => `Refused: at most ${limit} arguments per command in this console.`,
  argTooLong: (limit) => `Refused: each argument may be at most ${limit} bytes in this console.`,
  keyTooLong: (limit) => `Refused: a key name may be at most ${limit} bytes in this console.`,
  badArgument: (name, detail) => `Refused: ${name}: ${detail}.`,
  tooManyKeys: (l) =>
    `Refused: you may hold at most ${l.maxKeys} keys at once. DEL some, or wait: every key expires within ${l.maxTtlSeconds} s.`,
  tooManyBytes: (l) =>
    `Refused: your keys may use at most ${Math.round(l.maxBytes / 1024)} KB of Redis memory together. DEL some keys first.`,
  tooManyElements: (l) =>
    `Refused: a list, hash, set or sorted set may hold at most ${l.maxElements} elements in this console.`,
  stringTooLong: (l) =>
    `Refused: a string may be at most ${l.maxStringBytes} bytes in this console.`,
  ttlCapped: (seconds) =>
    `This console gives every key you write a TTL of at most ${seconds} s, so TTL shows that instead of -1.`,
  keysEmulated:
    'KEYS ran here as SCAN over your own namespace only. On a real, shared Redis, KEYS blocks the server: use SCAN.',
  scanEmulated:
    'SCAN ran over your own namespace only and returned every match at once (cursor 0).',
  publishNamespaced: (channel) =>
    `Published on ${channel}: the console keeps your channels in your namespace, so they never reach the broadcasting channels.`,
  publishDisabled:
    'Refused: PUBLISH is off because the echo server listens to every channel of this Redis (empty key prefix).',
  helpIntro: (seconds) =>
    `Commands this console runs (your keys get a private namespace and a TTL of at most ${seconds} s). HELP <command> shows one.`,
  helpGroups: {
    string: 'Strings and counters',
    expiry: 'Expiry',
    list: 'Lists',
    hash: 'Hashes',
    set: 'Sets',
    zset: 'Sorted sets',
    generic: 'Keys',
    pubsub: 'Pub/sub',
    console: 'This console',
  },
  rateLimited: 'Slow down: too many commands in a row. Try again in a second.',
  globalRateLimited:
    'The console is very busy right now (the whole class is typing). Try again in a second.',
  busy: 'Your previous commands are still running. Try again in a moment.',
  offline: (detail) => `Redis is offline: ${detail}`,
};

const ZH: ConsoleMessages = {
  lineTooLong: (limit) => `已拒絕：一行最多 ${limit} 個字元。`,
  badLine: (detail) => `無法解析的參數：${detail}。`,
  wrongArity: (name, syntax) => `ERR '${name}' 的參數數量不對。語法：${syntax}`,
  tooManyArgs: (limit) => `已拒絕：這個主控台每個指令最多 ${limit} 個參數。`,
  argTooLong: (limit) => `已拒絕：這個主控台每個參數最多 ${limit} 位元組。`,
  keyTooLong: (limit) => `已拒絕：這個主控台的鍵名最多 ${limit} 位元組。`,
  badArgument: (name, detail) => `已拒絕：${name}：${detail}。`,
  tooManyKeys: (l) =>
    `已拒絕：你同時最多只能有 ${l.maxKeys} 個鍵。請先 DEL 一些，或等它們過期：每個鍵在 ${l.maxTtlSeconds} 秒內都會過期。`,
  tooManyBytes: (l) =>
    `已拒絕：你所有的鍵合計最多只能使用 ${Math.round(l.maxBytes / 1024)} KB 的 Redis 記憶體。請先 DEL 一些鍵。`,
  tooManyElements: (l) =>
    `已拒絕：這個主控台的串列、雜湊、集合或有序集合最多 ${l.maxElements} 個元素。`,
  stringTooLong: (l) => `已拒絕：這個主控台的字串最多 ${l.maxStringBytes} 位元組。`,
  ttlCapped: (seconds) =>
    `這個主控台會讓你寫入的每個鍵最多存活 ${seconds} 秒，所以 TTL 會顯示這個數字，而不是 -1。`,
  keysEmulated:
    'KEYS 在這裡是以 SCAN 模擬的，只掃描你自己的命名空間。在真正共用的 Redis 上，KEYS 會卡住整台伺服器：請用 SCAN。',
  scanEmulated: 'SCAN 只掃描你自己的命名空間，並一次傳回所有結果（游標為 0）。',
  publishNamespaced: (channel) =>
    `已發布到 ${channel}：主控台把你的頻道放在你的命名空間裡，所以永遠不會進入廣播用的頻道。`,
  publishDisabled:
    '已拒絕：echo 伺服器正在監聽這台 Redis 的所有頻道（鍵前綴是空的），所以停用 PUBLISH。',
  helpIntro: (seconds) =>
    `這個主控台可執行的指令（你的鍵有私人命名空間，且最多存活 ${seconds} 秒）。輸入 HELP <指令> 查看單一指令。`,
  helpGroups: {
    string: '字串與計數器',
    expiry: '存活時間',
    list: '串列',
    hash: '雜湊',
    set: '集合',
    zset: '有序集合',
    generic: '鍵',
    pubsub: 'Pub/sub',
    console: '主控台本身',
  },
  rateLimited: '請慢一點：連續送出太多指令了。一秒後再試。',
  globalRateLimited: '主控台現在非常忙碌（全班都在輸入）。一秒後再試。',
  busy: '你前面的指令還在執行中，請稍後再試。',
  offline: (detail) => `Redis 離線：${detail}`,
};

/** The messages in `lang`. */
export function consoleMessages(lang: ConsoleLang): ConsoleMessages {
  return lang === 'en' ? EN : ZH;
}
