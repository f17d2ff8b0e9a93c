/** Chapter 2, Redis, as a reader meets it in both languages. */
import { chapterSuite } from './support/chapter-suite.ts';

chapterSuite({ number: 2 });
