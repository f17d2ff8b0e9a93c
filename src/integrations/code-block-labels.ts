/**
 * Puts the labels of code blocks (copy button, terminal window title) back in each page's
 * language. With zh-TW as the root locale, Starlight 0.42 registers its zh-TW Expressive Code
 * labels in a way that English pages also get them ("複製到剪貼簿" on /en/ pages). Registering
 * both languages again once every integration has set itself up makes each page use its own.
 */
import type { AstroIntegration } from 'astro';
import { pluginFramesTexts } from 'astro-expressive-code';

/** The labels Expressive Code's frames plugin shows, per page language. */
export const CODE_BLOCK_LABELS = {
  'zh-TW': {
    terminalWindowFallbackTitle: '終端機視窗',
    copyButtonTooltip: '複製到剪貼簿',
    copyButtonCopied: '複製成功！',
  },
  en: {
    terminalWindowFallbackTitle: 'Terminal window',
    copyButtonTooltip: 'Copy to clipboard',
    copyButtonCopied: 'Copied!',
  },
} as const;

/** The integration; list it in `astro.config.mjs` next to Starlight. */
export function codeBlockLabels(): AstroIntegration {
  return {
    name: 'echo-lab:code-block-labels',
    hooks: {
      'astro:config:done': () => {
        for (const [lang, labels] of Object.entries(CODE_BLOCK_LABELS)) {
          pluginFramesTexts.overrideTexts(lang, labels);
        }
      },
    },
  };
}
