/**
 * The catalogue of live demos: every id a page may pass to `<Demo id="…" />`, with the title and
 * the one-line purpose a reader sees in both languages. DESIGN.md ("Chapters and their demos")
 * is the source of this list; `tests/unit/site/demo-catalog.test.ts` keeps the two in step.
 */

/** The languages the site is written in. */
export type SiteLang = 'zh-TW' | 'en';

/** What a reader is told about one demo, in one language. */
export interface DemoText {
  readonly title: string;
  readonly purpose: string;
}

/** One demo: its chapter, whether it needs Redis to run, and its text in both languages. */
export interface DemoEntry {
  readonly chapter: 1 | 2 | 3 | 4;
  readonly needsRedis: boolean;
  readonly text: Readonly<Record<SiteLang, DemoText>>;
}

/** Every demo id, in the order of the chapters. */
export const DEMO_IDS = [
  'ch1-polling-vs-websocket',
  'ch1-handshake',
  'ch1-transports',
  'ch1-chat',
  'ch2-console',
  'ch2-cache',
  'ch2-pubsub',
  'ch2-laravel-payload',
  'ch3-pipeline',
  'ch3-dashboard',
  'ch3-config',
  'ch3-http-api',
  'ch4-public',
  'ch4-private',
  'ch4-presence',
  'ch4-client-versions',
] as const;

/** A known demo id, e.g. `ch4-presence`. */
export type DemoId = (typeof DEMO_IDS)[number];

const demo = (
  chapter: DemoEntry['chapter'],
  needsRedis: boolean,
  zh: DemoText,
  en: DemoText,
): DemoEntry => ({ chapter, needsRedis, text: { 'zh-TW': zh, en } });

/** Titles and purposes of every demo, keyed by id. */
export const DEMOS: Readonly<Record<DemoId, DemoEntry>> = {
  'ch1-polling-vs-websocket': demo(
    1,
    false,
    {
      title: '輪詢與 WebSocket 對照',
      purpose:
        '同一份即時資料，分別用 HTTP 輪詢與 WebSocket 傳送，並排比較請求數、傳輸位元組與延遲。',
    },
    {
      title: 'Polling versus WebSocket',
      purpose:
        'The same live feed over HTTP polling and over a WebSocket, side by side: requests, bytes on the wire and delay.',
    },
  ),
  'ch1-handshake': demo(
    1,
    false,
    {
      title: 'WebSocket 交握',
      purpose:
        '看一次真實的交握：Upgrade 請求、101 回應、Sec-WebSocket-Accept 的算法，然後是逐一記錄的訊框。',
    },
    {
      title: 'The WebSocket handshake',
      purpose:
        'A real handshake as it happened: the Upgrade request, the 101 response, how Sec-WebSocket-Accept is derived, then a live frame log.',
    },
  ),
  'ch1-transports': demo(
    1,
    false,
    {
      title: 'Socket.IO 的傳輸方式',
      purpose:
        'Socket.IO 先以長輪詢連線再升級為 WebSocket；禁用 WebSocket 時，同一套 API 照常運作。',
    },
    {
      title: 'Socket.IO transports',
      purpose:
        'Socket.IO starts on long-polling and upgrades to WebSocket; forbid WebSocket and the same API keeps working.',
    },
  ),
  'ch1-chat': demo(
    1,
    false,
    {
      title: '全雙工聊天室',
      purpose: '一個全雙工的聊天室：頁面上的兩個窗格，以及任何其他分頁或裝置，都能即時互傳訊息。',
    },
    {
      title: 'A full-duplex chat room',
      purpose:
        'A full-duplex chat room: two panes on this page, and any other tab or device, talk to each other live.',
    },
  ),
  'ch2-console': demo(
    2,
    true,
    {
      title: 'Redis 主控台',
      purpose:
        '在真正的 Redis 上輸入指令：每位讀者有自己的鍵空間，鍵都有存活時間，不允許的指令會被清楚拒絕。',
    },
    {
      title: 'A Redis console',
      purpose:
        'Type commands into a real Redis: a private key namespace per reader, a TTL on every key, clear refusals for anything else.',
    },
  ),
  'ch2-cache': demo(
    2,
    true,
    {
      title: '快取旁路模式',
      purpose: '在刻意變慢的「資料庫」前加上 Redis 快取：觀察未命中、命中、過期與各自的耗時。',
    },
    {
      title: 'Cache-aside',
      purpose:
        'Redis in front of a deliberately slow "database": watch misses, hits, expiry and how long each takes.',
    },
  ),
  'ch2-pubsub': demo(
    2,
    true,
    {
      title: 'Redis 發布／訂閱',
      purpose: '發布一則訊息，看多個訂閱者同時收到；PUBLISH 會回傳收到訊息的訂閱者數量。',
    },
    {
      title: 'Redis publish/subscribe',
      purpose:
        'Publish a message and watch several subscribers receive it; PUBLISH returns how many received it.',
    },
  ),
  'ch2-laravel-payload': demo(
    2,
    true,
    {
      title: 'Laravel 寫進 Redis 的內容',
      purpose:
        '廣播時 Laravel 寫進 Redis 的確切內容（前綴、JSON、Lua EVAL），以及前綴設錯時什麼都收不到的陷阱。',
    },
    {
      title: 'What Laravel writes to Redis',
      purpose:
        'Exactly what Laravel writes to Redis for a broadcast (prefix, JSON, the Lua EVAL), and the wrong-prefix trap.',
    },
  ),
  'ch3-pipeline': demo(
    3,
    true,
    {
      title: '一個事件的旅程',
      purpose:
        '以真實流量驅動的動畫：一個事件從應用程式經過 Redis、echo server，送到每個連線中的瀏覽器。',
    },
    {
      title: 'The journey of one event',
      purpose:
        'Driven by real traffic: one event travelling from the app through Redis and the echo server to each connected browser.',
    },
  ),
  'ch3-dashboard': demo(
    3,
    true,
    {
      title: 'Echo server 儀表板',
      purpose: '即時呈現伺服器自己的 HTTP API：連線數、頻道、成員與最近的事件。',
    },
    {
      title: 'Echo server dashboard',
      purpose: "The server's own HTTP API, live: connections, channels, members and recent events.",
    },
  ),
  'ch3-config': demo(
    3,
    false,
    {
      title: 'laravel-echo-server.json 逐項說明',
      purpose: '設定檔的每一個鍵是什麼意思，並對照正在執行的伺服器實際使用的值。',
    },
    {
      title: 'laravel-echo-server.json, key by key',
      purpose:
        'What every key of the config file means, next to the values the running server uses.',
    },
  ),
  'ch3-http-api': demo(
    3,
    true,
    {
      title: '用 HTTP API 觸發事件',
      purpose: '以用戶端金鑰呼叫 POST /apps/:appId/events，看事件送到訂閱的瀏覽器。',
    },
    {
      title: 'Trigger an event over the HTTP API',
      purpose:
        'Call POST /apps/:appId/events with a client key and watch the event reach the subscribed browsers.',
    },
  ),
  'ch4-public': demo(
    4,
    true,
    { title: '公開頻道', purpose: '用 Echo.channel(...).listen(...) 接收應用程式廣播的事件。' },
    {
      title: 'A public channel',
      purpose: 'Echo.channel(...).listen(...) receiving what the app broadcasts.',
    },
  ),
  'ch4-private': demo(
    4,
    true,
    {
      title: '私有頻道與授權',
      purpose:
        '以不同使用者登入，看 Echo.private(...) 依頻道規則被允許或拒絕，授權請求與回應一覽無遺。',
    },
    {
      title: 'Private channels and authorization',
      purpose:
        'Log in as different users and watch Echo.private(...) allowed or refused by a channel rule, with the auth request and answer shown.',
    },
  ),
  'ch4-presence': demo(
    4,
    true,
    {
      title: '既存頻道聊天室',
      purpose:
        '有 here、joining、leaving 事件與「正在輸入」提示的既存頻道聊天室；其他分頁也能真的加入。',
    },
    {
      title: 'A presence chat room',
      purpose:
        'A presence chat room with here, joining and leaving events and a typing indicator; other tabs can really join.',
    },
  ),
  'ch4-client-versions': demo(
    4,
    true,
    {
      title: '新舊用戶端版本',
      purpose:
        '同一個頻道分別由 socket.io-client 2 與 4 連線，說明舊伺服器為何不相容新用戶端，以及 allowEIO3 如何兩者兼顧。',
    },
    {
      title: 'Old and new client versions',
      purpose:
        'The same channel driven by socket.io-client 2 and 4: why the old server broke newer clients and how allowEIO3 serves both.',
    },
  ),
};

/** Whether `id` names a demo of the catalogue. */
export function isDemoId(id: string): id is DemoId {
  return (DEMO_IDS as readonly string[]).includes(id);
}

/**
 * The catalogue entry for `id`. Throws for an unknown id so a typo in a page fails the build
 * instead of shipping an empty box.
 */
export function getDemo(id: string): DemoEntry {
  if (!isDemoId(id)) {
    throw new Error(
      `Unknown demo id "${id}". Use one of: ${DEMO_IDS.join(', ')} (src/components/demos/demo-catalog.ts).`,
    );
  }
  return DEMOS[id];
}
