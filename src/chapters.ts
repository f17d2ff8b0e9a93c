/**
 * The four chapters of the tutorial: their content folder, their sidebar label and a one-line
 * summary in both languages. The sidebar (astro.config.mjs) and the home pages read this table.
 */
import type { SiteLang } from './components/demos/demo-catalog.ts';

/** One chapter of the tutorial. */
export interface Chapter {
  /** Folder under `content/docs/` (and `content/docs/en/`). */
  readonly dir: 'websocket' | 'redis' | 'echo-server' | 'laravel-echo';
  readonly label: Readonly<Record<SiteLang, string>>;
  readonly summary: Readonly<Record<SiteLang, string>>;
}

/** The chapters, in reading order. */
export const CHAPTERS: readonly Chapter[] = [
  {
    dir: 'websocket',
    label: { 'zh-TW': '1. WebSocket 與 Socket.IO', en: '1. WebSocket and Socket.IO' },
    summary: {
      'zh-TW':
        '聊天室的全雙工通道：輪詢為何浪費頻寬、WebSocket 交握如何進行，以及 Socket.IO 在其上多做了什麼。',
      en: "A chat room's full-duplex channel: why polling wastes bandwidth, how the WebSocket handshake works, and what Socket.IO adds on top.",
    },
  },
  {
    dir: 'redis',
    label: { 'zh-TW': '2. Redis', en: '2. Redis' },
    summary: {
      'zh-TW':
        'Laravel 與 socket server 之間的驅動器：記憶體內的鍵值資料庫、快取，以及作為廣播通道的發布／訂閱。',
      en: 'The driver between Laravel and the socket server: an in-memory key-value store, the cache, and pub/sub as the broadcast channel.',
    },
  },
  {
    dir: 'echo-server',
    label: { 'zh-TW': '3. laravel-echo-server', en: '3. laravel-echo-server' },
    summary: {
      'zh-TW':
        '讓 socket server 動起來的服務：從 Redis 收下事件、驗證頻道授權，再透過 Socket.IO 推送給瀏覽器。',
      en: 'The server that makes it run: it takes events from Redis, checks channel authorization and pushes them to browsers over Socket.IO.',
    },
  },
  {
    dir: 'laravel-echo',
    label: { 'zh-TW': '4. Laravel Echo', en: '4. Laravel Echo' },
    summary: {
      'zh-TW':
        '在瀏覽器接收訊息：公開、私有與既存頻道，/broadcasting/auth 授權，以及 here、joining、leaving 事件。',
      en: 'Receiving messages in the browser: public, private and presence channels, /broadcasting/auth, and the here, joining and leaving events.',
    },
  },
];
