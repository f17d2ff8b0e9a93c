/**
 * The app's `routes/channels.php`: the rules the tutorial teaches, in TypeScript, each with
 * its PHP twin (`GET /app/channels` serves both for the side-by-side view).
 */
import { ChannelRules } from './channel-rules.ts';
import { findOrder } from './users.ts';

/** Builds the tutorial's channel rules (a fresh set, so tests can add their own). */
export function createTutorialChannels(): ChannelRules {
  return (
    new ChannelRules()
      // Laravel's default notification channel: a user listens only to their own.
      .define(
        'App.Models.User.{id}',
        (user, id) => String(user.id) === id,
        "Broadcast::channel('App.Models.User.{id}', function ($user, $id) {\n    return (int) $user->id === (int) $id;\n});",
      )
      // A user may follow the orders they own, and no one else's.
      .define(
        'order.{orderId}',
        (user, orderId) => findOrder(orderId)?.userId === user.id,
        "Broadcast::channel('order.{orderId}', function ($user, $orderId) {\n    return $user->id === Order::findOrNew($orderId)->user_id;\n});",
      )
      // The source document's rule: only user 1. Note that it matches `private-first-channel`,
      // not the `private-order.{id}` channel the document subscribes to.
      .define(
        'first-channel',
        (user) => user.id === 1,
        "Broadcast::channel('first-channel', function ($user) {\n    return (int) $user->id === 1;\n});",
      )
      // A presence room: every logged-in user may join, and shares an id and a name.
      .define(
        'chat.{roomId}',
        (user) => ({ id: user.id, name: user.name }),
        "Broadcast::channel('chat.{roomId}', function ($user, $roomId) {\n    return ['id' => $user->id, 'name' => $user->name];\n});",
      )
  );
}
