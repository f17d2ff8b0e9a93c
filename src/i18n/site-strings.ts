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

/** The language of the page at `pathname`: English under `/en/`, else zh-TW (the root locale). */
export function langOfPath(pathname: string): SiteLang {
  return pathname === '/en' || pathname.startsWith('/en/') ? 'en' : 'zh-TW';
}

/**
 * Narrow a component's `lang` prop to a site language, failing the build on anything else. A
 * missing prop takes the language of the page being built (`pathname`), so `<Demo id="…" />`
 * on an English page still speaks English.
 */
export function siteLang(lang: unknown, pathname = '/'): SiteLang {
  if (lang === undefined) return langOfPath(pathname);
  if (lang === 'zh-TW' || lang === 'en') return lang;
  throw new Error(`Unknown lang ${JSON.stringify(lang)}: use "zh-TW" or "en".`);
}
