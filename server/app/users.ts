/**
 * The demo users (the app's `users` table) and the orders they own (its `orders` table), fixed
 * so the tutorial can say "log in as Bob: order 3 is his, order 1 is not".
 */
import { randomInt } from 'node:crypto';

/** A user id: Laravel's `$user->getAuthIdentifier()`. */
export type UserId = number;

/** A demo user, as `Auth::user()` would give it. */
export interface User {
  readonly id: UserId;
  /** Display name, English. */
  readonly name: string;
  /** Display name, Traditional Chinese. */
  readonly nameZh: string;
  readonly email: string;
}

/** The demo users, in id order. */
export const DEMO_USERS: readonly User[] = [
  { id: 1, name: 'Alice', nameZh: '愛麗絲', email: 'alice@example.test' },
  { id: 2, name: 'Bob', nameZh: '小博', email: 'bob@example.test' },
  { id: 3, name: 'Carol', nameZh: '卡蘿', email: 'carol@example.test' },
  { id: 4, name: 'Dave', nameZh: '大衛', email: 'dave@example.test' },
];

/** An order of the demo shop. */
export interface Order {
  readonly id: number;
  readonly userId: UserId;
  readonly item: string;
}

/** The demo orders: each user owns some, so `order.{orderId}` can say yes or no. */
export const DEMO_ORDERS: readonly Order[] = [
  { id: 1, userId: 1, item: 'Mechanical keyboard' },
  { id: 2, userId: 1, item: 'USB-C cable' },
  { id: 3, userId: 2, item: 'Laravel mug' },
  { id: 4, userId: 3, item: 'Redis stickers' },
  { id: 5, userId: 3, item: 'Socket wrench' },
  { id: 6, userId: 4, item: 'Notebook' },
];

/** Finds a demo user by id (number or numeric string, as route parameters come). */
export function findUser(id: UserId | string): User | undefined {
  const wanted = typeof id === 'number' ? id : /^\d+$/.test(id) ? Number(id) : Number.NaN;
  return DEMO_USERS.find((user) => user.id === wanted);
}

/** Finds a demo order by id (number or numeric string). */
export function findOrder(id: number | string): Order | undefined {
  const wanted = typeof id === 'number' ? id : /^\d+$/.test(id) ? Number(id) : Number.NaN;
  return DEMO_ORDERS.find((order) => order.id === wanted);
}

/** The orders a user owns. */
export function ordersOf(userId: UserId): Order[] {
  return DEMO_ORDERS.filter((order) => order.userId === userId);
}

/** Guest ids are at least this, clear of the demo users. */
export const FIRST_GUEST_ID = 10_000;

/**
 * A user made up on the spot from a nickname (workshop learners, simulated classmates). It
 * exists only in the session or token that holds it; the name is trimmed to 32 characters.
 * The id is random, not a counter: sessions outlive a restart, and a counter starting over
 * would give a new guest the id of an old one (presence lists members by id).
 */
export function createGuest(name: string): User {
  const clean = name.replace(/\p{C}/gu, '').trim().slice(0, 32);
  const id = randomInt(FIRST_GUEST_ID, 2 ** 31 - 1);
  const shown = clean === '' ? `Guest ${id}` : clean;
  return { id, name: shown, nameZh: shown, email: `guest${id}@example.test` };
}
