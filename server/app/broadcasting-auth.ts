/**
 * The answer of `POST /broadcasting/auth`, as a value. Mirrors Laravel's Redis broadcaster
 * (`auth()` + `validAuthenticationResponse()`): a rule returning a boolean answers the JSON
 * `true`; any other truthy value becomes `{"channel_data":{"user_id":…,"user_info":…}}`; a
 * falsy value or no matching rule is `403 {"message":""}`. Laravel writes the 200 bodies with
 * `json_encode` and sends them as `text/html`, so do we.
 */
import { parseChannelName, type ChannelRules, type ChannelRuleResult } from './channel-rules.ts';
import { phpJsonEncode, type JsonValue } from './php-json.ts';
import type { User } from './users.ts';

/** An HTTP answer, ready to write. */
export interface AuthAnswer {
  readonly status: 200 | 401 | 403 | 419;
  readonly contentType: string;
  readonly body: string;
  /** Why, for logs and the demos' inspector; not sent. */
  readonly reason: string;
}

const HTML = 'text/html; charset=UTF-8';
const JSON_TYPE = 'application/json';

/** Laravel's JSON answer to an unauthenticated request. */
export const UNAUTHENTICATED: AuthAnswer = {
  status: 401,
  contentType: JSON_TYPE,
  body: '{"message":"Unauthenticated."}',
  reason: 'not logged in',
};

/** Laravel's answer to a missing or wrong CSRF token (`TokenMismatchException` as 419). */
export const CSRF_MISMATCH: AuthAnswer = {
  status: 419,
  contentType: JSON_TYPE,
  body: '{"message":"CSRF token mismatch."}',
  reason: 'CSRF token mismatch',
};

function denied(reason: string): AuthAnswer {
  return { status: 403, contentType: JSON_TYPE, body: '{"message":""}', reason };
}

/** PHP truthiness of what a rule returned: `0`, `""`, `"0"` and empty arrays are false too. */
function isTruthy(result: ChannelRuleResult): boolean {
  if (result === undefined || result === null || result === false || result === 0) return false;
  if (result === '' || result === '0') return false;
  if (Array.isArray(result)) return result.length > 0;
  if (typeof result === 'object') return Object.keys(result).length > 0;
  return true;
}

/**
 * Decides the answer for a user (undefined when not logged in) asking for `channelName`
 * (the full name, `private-order.1`). CSRF is checked before, by the HTTP layer.
 */
export async function authorizeChannel(
  rules: ChannelRules,
  user: User | undefined,
  channelName: string,
): Promise<AuthAnswer> {
  if (channelName === '') return denied('no channel_name');
  if (user === undefined) return UNAUTHENTICATED;
  const { name } = parseChannelName(channelName);
  const rule = rules.match(name);
  if (rule === undefined) return denied(`no channel rule matches "${name}"`);
  let result: ChannelRuleResult;
  try {
    result = await rule.callback(user, ...rule.params);
  } catch {
    // A throwing rule refuses, as an exception in a Laravel channel closure would (500 there;
    // the socket server treats any non-200 as a refusal).
    return denied(`the rule for "${rule.pattern}" failed`);
  }
  if (!isTruthy(result))
    return denied(`the rule for "${rule.pattern}" returned ${JSON.stringify(result ?? null)}`);
  if (typeof result === 'boolean') {
    return { status: 200, contentType: HTML, body: 'true', reason: `allowed by "${rule.pattern}"` };
  }
  const userInfo: JsonValue = result as JsonValue;
  return {
    status: 200,
    contentType: HTML,
    body: phpJsonEncode({ channel_data: { user_id: user.id, user_info: userInfo } }),
    reason: `allowed by "${rule.pattern}" with user info`,
  };
}
