/** ch3-config's pure parts: masking secrets and the key-by-key rows. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_CONFIG } from '../../../server/echo/config/config-schema.ts';
import {
  MASK,
  maskConfig,
  maskUrlPassword,
} from '../../../server/demos/echo-config/mask-config.ts';
import { CONFIG_KEYS } from '../../../src/components/demos/config/config-keys.ts';
import { configRows } from '../../../src/components/demos/config/config-rows.ts';

describe('maskConfig', () => {
  it('masks passwords, passphrases and client keys, and leaves empty secrets empty', () => {
    const { config, masked } = maskConfig({
      clients: [{ appId: 'a', key: 'k1' }],
      sslPassphrase: 'p',
      databaseConfig: { redis: { password: '', keyPrefix: 'laravel_database_' } },
    });
    assert.deepEqual(config, {
      clients: [{ appId: 'a', key: MASK }],
      sslPassphrase: MASK,
      databaseConfig: { redis: { password: '', keyPrefix: 'laravel_database_' } },
    });
    assert.deepEqual(masked, ['clients.0.key', 'sslPassphrase']);
  });

  it('masks the password of a redis:// URL only', () => {
    assert.equal(
      maskUrlPassword('redis://:s3cret@10.0.0.2:6379/0'),
      `redis://:${MASK}@10.0.0.2:6379/0`,
    );
    assert.equal(maskUrlPassword('redis://user:pw@host'), `redis://user:${MASK}@host`);
    assert.equal(maskUrlPassword('redis://127.0.0.1:6379'), 'redis://127.0.0.1:6379');
    const { masked } = maskConfig({ databaseConfig: { redis: { url: 'redis://:x@h:1' } } });
    assert.deepEqual(masked, ['databaseConfig.redis.url']);
  });
});

describe('configRows', () => {
  it('gives one row per key of the file, marks changes and masked values', () => {
    const running = { ...DEFAULT_CONFIG, authHost: 'http://127.0.0.1:4321' };
    const rows = configRows(running, DEFAULT_CONFIG, ['clients.0.key']);
    const byPath = new Map(rows.map((row) => [row.path, row]));
    assert.equal(byPath.get('authHost')?.changed, true);
    assert.equal(byPath.get('authHost')?.value, '"http://127.0.0.1:4321"');
    assert.equal(byPath.get('port')?.changed, false);
    assert.equal(byPath.get('databaseConfig.redis.keyPrefix')?.defaultValue, '""');
    assert.equal(byPath.get('socketio')?.value, '{}', 'socketio stays one key');
    assert.equal(byPath.get('clients')?.masked, true);
  });

  it('has an explanation in both languages for every key of the schema', () => {
    const paths = configRows(DEFAULT_CONFIG, DEFAULT_CONFIG, []).map((row) => row.path);
    for (const path of paths) {
      const info = CONFIG_KEYS[path];
      assert.ok(info, `${path} is explained`);
      assert.ok(
        info.text['zh-TW'].length > 0 && info.text.en.length > 0,
        `${path}: both languages`,
      );
    }
  });
});
