/**
 * Names and greetings of the simulated classmates, in the reader's language. The names say
 * "simulated" so nobody mistakes a bot for a person in a real classroom.
 */

/** The languages of the site. */
export type ClassmateLang = 'zh-TW' | 'en';

const NAMES: Readonly<Record<ClassmateLang, readonly string[]>> = {
  'zh-TW': ['小美', '阿凱', '雨婷', '浩宇', '佳穎', '子軒'],
  en: ['Mei', 'Ken', 'Yu-Ting', 'Hao', 'Lina', 'Sam'],
};

/** The `n`-th classmate's shown name (numbered once the list runs out). */
export function classmateName(lang: ClassmateLang, n: number): string {
  const names = NAMES[lang];
  const base = names[n % names.length] ?? 'Sam';
  const round = Math.floor(n / names.length);
  const name = round === 0 ? base : `${base} ${round + 1}`;
  return lang === 'en' ? `${name} (simulated)` : `${name}（模擬）`;
}

/** What a classmate says after joining. */
export function classmateGreeting(lang: ClassmateLang, name: string): string {
  return lang === 'en' ? `Hi, I'm ${name}!` : `大家好，我是${name}！`;
}
