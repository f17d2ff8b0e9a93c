/** Chapter 1, WebSocket and Socket.IO, as a reader meets it in both languages. */
import { chapterSuite } from './support/chapter-suite.ts';

chapterSuite({
  number: 1,
  diagrams: [
    { 'zh-TW': 'HTTP 輪詢與 WebSocket 的比較', en: 'HTTP polling compared with a WebSocket' },
    { 'zh-TW': 'WebSocket 交握', en: 'The WebSocket handshake' },
  ],
});
