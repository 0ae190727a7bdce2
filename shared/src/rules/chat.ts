/** Party chat and emotes in dungeon rooms: the limits, as pure functions the room and the client share. */

/** Longest chat message, in characters (Unicode code points, so an emoji counts once). */
export const CHAT_MAX_LENGTH = 200;

/** The only emotes there are: shown over the sender's sprite (players) or in the crowd (spectators). */
export const EMOTES = ["wave", "cheer", "laugh", "wow", "heart", "sweat", "angry", "gg"] as const;
export type Emote = (typeof EMOTES)[number];

/** Why a chat text is refused (stable codes; shared/src/protocol/errors.ts lists them). */
export type ChatTextRefusal = "CHAT_EMPTY" | "CHAT_TOO_LONG" | "CHAT_CONTROL_CHARACTERS";

/**
 * C0/C1 control characters (line breaks and escape sequences included) and the bidirectional
 * overrides and isolates that can make a line read as something else: refused, not stripped,
 * so what is shown is exactly what was sent.
 */
const FORBIDDEN = /[\p{Cc}\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;

/** A chat text as it will be shown (trimmed), or why it is refused. */
export function checkChatText(raw: string): { ok: true; text: string } | { ok: false; code: ChatTextRefusal } {
  if (FORBIDDEN.test(raw)) return { ok: false, code: "CHAT_CONTROL_CHARACTERS" };
  const text = raw.trim();
  if (text.length === 0) return { ok: false, code: "CHAT_EMPTY" };
  if ([...text].length > CHAT_MAX_LENGTH) return { ok: false, code: "CHAT_TOO_LONG" };
  return { ok: true, text };
}

/** A token bucket: `burst` events at once, then `perSecond` refill. */
export interface RateRule {
  burst: number;
  perSecond: number;
}

export interface RateBucket {
  tokens: number;
  /** Clock time of the last refill, milliseconds. */
  at: number;
}

/** Per client: 5 messages at once, then one every 2 s. */
export const CHAT_RATE: RateRule = { burst: 5, perSecond: 0.5 };
/** Per client: 4 emotes at once, then one a second. */
export const EMOTE_RATE: RateRule = { burst: 4, perSecond: 1 };
/** Per client: 3 reports at once, then one every 20 s. */
export const REPORT_RATE: RateRule = { burst: 3, perSecond: 0.05 };

/**
 * Takes one token from `bucket` (a fresh one when undefined) at `nowMs`. Returns the bucket to
 * keep and, when refused, how long until a token is back (milliseconds).
 */
export function takeToken(
  bucket: RateBucket | undefined,
  rule: RateRule,
  nowMs: number,
): { ok: boolean; bucket: RateBucket; retryAfterMs: number } {
  const last = bucket ?? { tokens: rule.burst, at: nowMs };
  const elapsed = Math.max(0, nowMs - last.at) / 1000;
  const tokens = Math.min(rule.burst, last.tokens + elapsed * rule.perSecond);
  if (tokens >= 1) return { ok: true, bucket: { tokens: tokens - 1, at: nowMs }, retryAfterMs: 0 };
  return {
    ok: false,
    bucket: { tokens, at: nowMs },
    retryAfterMs: Math.ceil(((1 - tokens) / rule.perSecond) * 1000),
  };
}
