/** ch3-dashboard's pure part: reading the HTTP API answers of a snapshot. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  dashboardView,
  memberName,
  type Snapshot,
} from '../../../src/components/demos/dashboard/dashboard-model.ts';

const call = (url: string, status: number, body: unknown): Snapshot['calls'][number] => ({
  request: { method: 'GET', url, headers: { Authorization: 'Bearer abcd********' } },
  response: { status, contentType: 'application/json', body: JSON.stringify(body) },
  ms: 1,
});

describe('dashboardView', () => {
  it('reads connections, channels (busiest first) and presence members', () => {
    const view = dashboardView({
      takenAt: '2026-01-01T00:00:00.000Z',
      recent: [],
      calls: [
        call('/apps/a/status', 200, {
          subscription_count: 3,
          uptime: 42,
          memory_usage: { rss: 50 * 1024 * 1024 },
        }),
        call('/apps/a/channels', 200, {
          channels: {
            news: { subscription_count: 1, occupied: true },
            'presence-chat.1': { subscription_count: 2, occupied: true },
          },
        }),
        call('/apps/a/channels/presence-chat.1/users', 200, {
          users: [
            { id: 1, user_info: { id: 1, name: 'Alice' } },
            { id: 'g7', user_info: null },
          ],
        }),
      ],
    });
    assert.equal(view.connections, 3);
    assert.equal(view.uptime, 42);
    assert.equal(view.memoryMb, 50);
    assert.deepEqual(view.rows, [
      { name: 'presence-chat.1', type: 'presence', subscriptions: 2, members: ['Alice', 'g7'] },
      { name: 'news', type: 'public', subscriptions: 1 },
    ]);
  });

  it('leaves figures empty when a call failed', () => {
    const view = dashboardView({
      takenAt: '2026-01-01T00:00:00.000Z',
      recent: [],
      calls: [call('/apps/a/status', 403, { error: 'Unauthorized' })],
    });
    assert.equal(view.connections, undefined);
    assert.deepEqual(view.rows, []);
  });

  it('names a member by user_info.name, else by id', () => {
    assert.equal(memberName({ id: 5, user_info: { name: '小安' } }), '小安');
    assert.equal(memberName({ id: 5, user_info: 'x' }), '5');
  });
});
