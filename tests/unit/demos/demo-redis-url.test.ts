import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { demoRedisUrl } from '../../../server/demos/redis-console/redis-console-service.ts';

describe('the Redis of the command-running demos', () => {
  it('is database 1 of the broadcasting server by default', () => {
    assert.equal(
      demoRedisUrl({ redisUrl: 'redis://:secret@10.0.0.5:6380/0', demoRedisUrl: undefined }),
      'redis://:secret@10.0.0.5:6380/1',
    );
  });

  it('is DEMO_REDIS_URL when set, database included', () => {
    assert.equal(
      demoRedisUrl({
        redisUrl: 'redis://127.0.0.1:6379',
        demoRedisUrl: 'redis://127.0.0.1:6390/3',
      }),
      'redis://127.0.0.1:6390/3',
    );
  });
});
