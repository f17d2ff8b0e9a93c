import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RateLimiter } from '../../../server/app/rate-limit.ts';
import { randomToken, sameSecret, SessionStore } from '../../../server/app/sessions.ts';
import { DEMO_USERS } from '../../../server/app/users.ts';

describe('sessions', () => {
  it('makes 40-character URL-safe ids and tokens', () => {
    assert.match(randomToken(), /^[\w-]{40}$/);
    assert.notEqual(randomToken(), randomToken());
  });

  it('finds a live session and forgets an idle one', () => {
    const store = new SessionStore({ idleMs: 1000 });
    const session = store.create(0);
    assert.equal(store.get(session.id, 500), session);
    assert.equal(store.get(session.id, 1400), session, 'use refreshes the idle timer');
    assert.equal(store.get(session.id, 2500), undefined);
    assert.equal(store.get('unknown'), undefined);
  });

  it('moves a session to a new id at login, keeping its CSRF token', () => {
    const store = new SessionStore();
    const guest = store.create();
    const moved = store.regenerate(guest);
    assert.notEqual(moved.id, guest.id);
    assert.equal(moved.csrfToken, guest.csrfToken);
    assert.equal(store.get(guest.id), undefined);
    assert.equal(store.get(moved.id), moved);
  });

  it('drops the least recently used session past the cap', () => {
    const store = new SessionStore({ maxSessions: 2 });
    const a = store.create();
    const b = store.create();
    store.get(a.id);
    store.create();
    assert.equal(store.size, 2);
    assert.equal(store.get(b.id), undefined);
    assert.ok(store.get(a.id));
  });

  it('maps bearer tokens to users', () => {
    const store = new SessionStore();
    const user = DEMO_USERS[0];
    assert.ok(user);
    const token = store.issueToken(user);
    assert.equal(store.userForToken(token), user);
    assert.equal(store.userForToken('nope'), undefined);
  });

  it('compares secrets only when they are equal', () => {
    assert.equal(sameSecret('abc', 'abc'), true);
    assert.equal(sameSecret('abd', 'abc'), false);
    assert.equal(sameSecret('ab', 'abc'), false);
    assert.equal(sameSecret(undefined, 'abc'), false);
  });
});

describe('rate limit', () => {
  it('allows a burst, then refills over time, per key', () => {
    const limiter = new RateLimiter({ burst: 3, perSecond: 1 });
    const at = (ms: number): boolean => limiter.take('a', ms);
    assert.deepEqual([at(0), at(0), at(0), at(0)], [true, true, true, false]);
    assert.equal(limiter.take('b', 0), true, 'another visitor has their own bucket');
    assert.equal(at(1000), true);
    assert.equal(at(1000), false);
  });
});
