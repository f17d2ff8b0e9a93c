/** Chapter 4, Laravel Echo, as a reader meets it in both languages. */
import { chapterSuite } from './support/chapter-suite.ts';

chapterSuite({
  number: 4,
  diagrams: [
    { 'zh-TW': '三種頻道與誰可以收聽', en: 'The three kinds of channel and who may listen' },
    {
      'zh-TW': '既存頻道的 here、joining、leaving 事件',
      en: 'The here, joining and leaving events of a presence channel',
    },
  ],
});
