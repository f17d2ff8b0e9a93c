/**
 * The languages the tutorial shows code in all have a grammar in the shiki that Starlight's
 * Expressive Code uses at build time, including `.env` files (shiki's `dotenv`, which the site
 * also accepts as `env`). A language without a grammar would silently render as plain text.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { codeToHtml } from 'shiki';

const SAMPLES: Record<string, string> = {
  php: "<?php\nBroadcast::channel('order.{orderId}', fn ($user, $orderId) => true);",
  js: "Echo.private(`order.${orderId}`).listen('OrderShipped', (e) => console.log(e));",
  ts: 'const port: number = 6001;\nexport type SocketId = string;',
  json: '{ "authHost": "http://localhost", "port": 6001 }',
  bash: 'npx laravel-echo-server start --dir ./echo # start it',
  dotenv: 'BROADCAST_DRIVER=redis\nREDIS_PREFIX=laravel_database_ # the trap',
  ini: '[program:echo-server]\ncommand=node server.js',
};

describe('code highlighting grammars', () => {
  for (const [lang, code] of Object.entries(SAMPLES)) {
    it(`highlights ${lang} in more than one colour`, async () => {
      const html = await codeToHtml(code, { lang, theme: 'github-dark' });
      const colours = new Set([...html.matchAll(/color:\s*(#[0-9a-fA-F]{3,8})/g)].map((m) => m[1]));
      assert.ok(colours.size > 1, `${lang}: ${[...colours].join(', ')}`);
    });
  }
});
