/**
 * Words of the site's own components (demo slots, diagrams' captions, home page), in both
 * languages. Starlight's own UI labels come from Starlight and `content/i18n/`.
 */
import type { SiteLang } from '../components/demos/demo-catalog.ts';

/** Every string key our components use. */
export interface SiteStrings {
  readonly demoKicker: string;
  readonly demoUnavailable: string;
  readonly demoUnavailableHint: string;
  readonly demoOffline: string;
  /** The accessible name of a demo slot. */
  readonly demoLabel: (title: string) => string;
}

/** The site's strings, per language. */
export const SITE_STRINGS: Readonly<Record<SiteLang, SiteStrings>> = {
  'zh-TW': {
    demoKicker: '互動示範',
    demoUnavailable: '此示範尚未提供',
    demoUnavailableHint: '這裡之後會放上可以實際操作的示範；在那之前，請先閱讀本頁的說明。',
    demoOffline: '離線',
    demoLabel: (title) => `互動示範：${title}`,
  },
  en: {
    demoKicker: 'Live demo',
    demoUnavailable: 'This demo is not available yet',
    demoUnavailableHint:
      'A hands-on demo will live here; until then, the text of this page explains what it shows.',
    demoOffline: 'offline',
    demoLabel: (title) => `Live demo: ${title}`,
  },
};

/** Narrow a `lang` prop to a site language, failing the build on anything else. */
export function siteLang(lang: unknown): SiteLang {
  if (lang === undefined || lang === 'zh-TW') return 'zh-TW';
  if (lang === 'en') return 'en';
  throw new Error(`Unknown lang ${JSON.stringify(lang)}: use "zh-TW" or "en".`);
}
