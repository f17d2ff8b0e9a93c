/** Chapter 3, laravel-echo-server, as a reader meets it in both languages. */
import { chapterSuite } from './support/chapter-suite.ts';

chapterSuite({
  number: 3,
  diagrams: [
    {
      'zh-TW': '一則廣播從 Laravel 到瀏覽器的路徑',
      en: 'The path of one broadcast from Laravel to the browsers',
    },
  ],
});
