/**
 * Channel authorization rules, written the way `routes/channels.php` writes them:
 * `rules.define('order.{orderId}', (user, orderId) => ...)`. Mirrors Laravel's
 * `Broadcast::channel()`: the `private-` / `presence-` / `private-encrypted-` prefix is stripped,
 * each `{param}` matches one dot-free segment, the pattern is anchored at both ends, the
 * parameters reach the callback in order, and the first matching pattern decides.
 */
import type { JsonValue } from './php-json.ts';
import type { User } from './users.ts';

/**
 * What a rule returns: `true`/`false` for a private channel; for a presence channel the user
 * info to share with the other members (any JSON), or `false`/`null` to refuse.
 */
export type ChannelRuleResult = boolean | null | undefined | JsonValue;

/** A channel rule callback, like the closure given to `Broadcast::channel()`. */
export type ChannelRule = (
  user: User,
  ...params: string[]
) => ChannelRuleResult | Promise<ChannelRuleResult>;

interface DefinedRule {
  readonly pattern: string;
  readonly regex: RegExp;
  readonly callback: ChannelRule;
  readonly php: string | undefined;
}

/** A rule as pages show it: the pattern and, when given, the same rule in PHP. */
export interface RuleDescription {
  readonly pattern: string;
  /** The `Broadcast::channel(...)` line of `routes/channels.php`, for the side-by-side view. */
  readonly php: string | undefined;
}

/** The kinds of channel, by the prefix of the full name. */
export type ChannelKind = 'public' | 'private' | 'presence';

/** Splits a full channel name into its kind and the name the rules match against. */
export function parseChannelName(fullName: string): { kind: ChannelKind; name: string } {
  // `private-encrypted-` first: it also starts with `private-`.
  for (const [prefix, kind] of [
    ['private-encrypted-', 'private'],
    ['private-', 'private'],
    ['presence-', 'presence'],
  ] as const) {
    if (fullName.startsWith(prefix)) return { kind, name: fullName.slice(prefix.length) };
  }
  return { kind: 'public', name: fullName };
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Compiles `order.{orderId}` to an anchored regex with one dot-free group per parameter. */
export function compilePattern(pattern: string): RegExp {
  const source = pattern
    .split(/(\{[^}]+\})/)
    .map((part) => (/^\{[^}]+\}$/.test(part) ? '([^.]+)' : escapeRegex(part)))
    .join('');
  return new RegExp(`^${source}$`);
}

/** The outcome of matching a channel name. */
export interface RuleMatch {
  readonly pattern: string;
  readonly params: string[];
  readonly callback: ChannelRule;
}

/** An ordered set of channel rules. */
export class ChannelRules {
  readonly #rules: DefinedRule[] = [];

  /**
   * Adds a rule; like `Broadcast::channel($pattern, $callback)`. `php` is the same rule as a
   * Laravel app writes it, shown by the demos. Returns `this` to chain.
   */
  define(pattern: string, callback: ChannelRule, php?: string): this {
    this.#rules.push({ pattern, regex: compilePattern(pattern), callback, php });
    return this;
  }

  /** The first rule whose pattern matches `name` (a name without its kind prefix). */
  match(name: string): RuleMatch | undefined {
    for (const rule of this.#rules) {
      const found = rule.regex.exec(name);
      if (found) return { pattern: rule.pattern, params: found.slice(1), callback: rule.callback };
    }
    return undefined;
  }

  /** Every pattern, in definition order (the demos show them). */
  patterns(): string[] {
    return this.#rules.map((rule) => rule.pattern);
  }

  /** Every rule with its PHP twin, in definition order. */
  describe(): RuleDescription[] {
    return this.#rules.map((rule) => ({ pattern: rule.pattern, php: rule.php }));
  }
}
