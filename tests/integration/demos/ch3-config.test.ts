/**
 * ch3-config's service on the whole backend: the running configuration is answered with the
 * values the echo server uses, and no secret (client key, TLS passphrase) leaves the process.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Site } from '../../../server/main.ts';
import { MASK } from '../../../server/demos/echo-config/mask-config.ts';
import { randomPrefix, REDIS_URL } from '../../helpers/redis.ts';
import { startDemoSite, type DemoSite } from '../../helpers/demo-site.ts';

const SECRET_KEY = 'c0ffee-secret-client-key';
const PASSPHRASE = 'tls-passphrase-never-shown';

describe('ch3-config: the running laravel-echo-server.json', () => {
  let site: Site;
  let demoSite: DemoSite;
  const keyPrefix = randomPrefix();

  before(async () => {
    demoSite = await startDemoSite({
      keyPrefix,
      redisUrl: REDIS_URL,
      echoConfig: { clients: [{ appId: 'app-1', key: SECRET_KEY }], sslPassphrase: PASSPHRASE },
    });
    site = demoSite.site;
  });

  after(async () => {
    await demoSite.close();
  });

  it('answers the values the server runs with, next to the defaults', async () => {
    const response = await fetch(`${site.url}/demos/echo-config/config`);
    assert.equal(response.status, 200);
    const body = (await response.json()) as {
      config: Record<string, unknown> & { databaseConfig: { redis: { keyPrefix: string } } };
      defaults: Record<string, unknown>;
      masked: string[];
    };
    assert.equal(body.config.databaseConfig.redis.keyPrefix, keyPrefix);
    assert.equal(body.config['authHost'], site.url);
    assert.equal(body.defaults['authHost'], 'http://localhost');
    assert.equal(body.defaults['port'], 6001);
  });

  it('masks client keys and the TLS passphrase, and says which paths it masked', async () => {
    const text = await (await fetch(`${site.url}/demos/echo-config/config`)).text();
    assert.ok(!text.includes(SECRET_KEY), 'the client key never leaves the server');
    assert.ok(!text.includes(PASSPHRASE), 'the passphrase never leaves the server');
    const body = JSON.parse(text) as {
      config: { clients: { appId: string; key: string }[]; sslPassphrase: string };
      masked: string[];
    };
    const client = body.config.clients.find((c) => c.appId === 'app-1');
    assert.equal(client?.key, MASK);
    assert.equal(body.config.sslPassphrase, MASK);
    assert.ok(body.masked.includes('sslPassphrase'));
    assert.ok(body.masked.some((path) => /^clients\.\d+\.key$/.test(path)));
  });

  it('refuses other methods with a clear answer', async () => {
    const response = await fetch(`${site.url}/demos/echo-config/config`, { method: 'POST' });
    assert.equal(response.status, 405);
    assert.match(((await response.json()) as { error: string }).error, /takes GET/);
  });
});
