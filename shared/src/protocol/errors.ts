/**
 * Stable, machine-readable error codes of the public contract (docs/api.md).
 * The client translates them; `message` stays English.
 */
export const ErrorCode = {
  VALIDATION_FAILED: "VALIDATION_FAILED",
  MALFORMED_JSON: "MALFORMED_JSON",
  PAYLOAD_TOO_LARGE: "PAYLOAD_TOO_LARGE",
  UNAUTHORIZED: "UNAUTHORIZED",
  INVALID_CREDENTIALS: "INVALID_CREDENTIALS",
  INVALID_TOKEN: "INVALID_TOKEN",
  TOKEN_EXPIRED: "TOKEN_EXPIRED",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  USERNAME_TAKEN: "USERNAME_TAKEN",
  EMAIL_TAKEN: "EMAIL_TAKEN",
  CONFLICT: "CONFLICT",
  ALREADY_CLAIMED: "ALREADY_CLAIMED",
  ALREADY_ENDED: "ALREADY_ENDED",
  PARTY_FULL: "PARTY_FULL",
  PARTY_LOCKED: "PARTY_LOCKED",
  BATTLE_IN_PROGRESS: "BATTLE_IN_PROGRESS",
  INSUFFICIENT_FUNDS: "INSUFFICIENT_FUNDS",
  LEVEL_TOO_LOW: "LEVEL_TOO_LOW",
  REQUIREMENTS_UNMET: "REQUIREMENTS_UNMET",
  QUEST_EXPIRED: "QUEST_EXPIRED",
  NOT_EQUIPPABLE: "NOT_EQUIPPABLE",
  NOT_USABLE: "NOT_USABLE",
  ALREADY_OWNED: "ALREADY_OWNED",
  ALREADY_EQUIPPED: "ALREADY_EQUIPPED",
  NOT_EQUIPPED: "NOT_EQUIPPED",
  CURRENCY_NOT_ACCEPTED: "CURRENCY_NOT_ACCEPTED",
  IDEMPOTENCY_KEY_REUSED: "IDEMPOTENCY_KEY_REUSED",
  RATE_LIMITED: "RATE_LIMITED",
  ALREADY_SUBMITTED: "ALREADY_SUBMITTED",
  REWARD_CAP_EXCEEDED: "REWARD_CAP_EXCEEDED",
  TYPE_MISMATCH: "TYPE_MISMATCH",
  SERVICE_UNAVAILABLE: "SERVICE_UNAVAILABLE",
  INTERNAL: "INTERNAL",
  // Party chat in dungeon rooms (replays and chat, issue #17): refusals of chat, emote and report messages.
  CHAT_EMPTY: "CHAT_EMPTY",
  CHAT_TOO_LONG: "CHAT_TOO_LONG",
  CHAT_CONTROL_CHARACTERS: "CHAT_CONTROL_CHARACTERS",
  CHAT_RATE_LIMITED: "CHAT_RATE_LIMITED",
  CHAT_SPECTATOR_EMOTE_ONLY: "CHAT_SPECTATOR_EMOTE_ONLY",
  CHAT_ALREADY_REPORTED: "CHAT_ALREADY_REPORTED",
  // Hardening (#18): what the HTTP layer refuses before any route, and the cluster front.
  HEADERS_TOO_LARGE: "HEADERS_TOO_LARGE",
  REQUEST_TIMEOUT: "REQUEST_TIMEOUT",
  MALFORMED_REQUEST: "MALFORMED_REQUEST",
  BAD_GATEWAY: "BAD_GATEWAY",
  LENGTH_REQUIRED: "LENGTH_REQUIRED",
  // Challenges and registration integrity (guess cooldowns, grader isolation, accounts per network).
  GUESS_COOLDOWN: "GUESS_COOLDOWN",
  GRADING_FAILED: "GRADING_FAILED",
  REGISTRATION_LIMITED: "REGISTRATION_LIMITED",
  // Code clashes (`clash` room).
  CLASH_STARTED: "CLASH_STARTED",
  CLASH_OVER: "CLASH_OVER",
  NOT_ENOUGH_PLAYERS: "NOT_ENOUGH_PLAYERS",
  ALREADY_SOLVED: "ALREADY_SOLVED",
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** The error body every failing route returns. */
export interface ErrorBody {
  error: { code: ErrorCode | string; message: string; details?: unknown };
}

// ---- rooms (area: rooms) ------------------------------------------------------------------------

/**
 * The number of each error code when a room refuses: a join refused at the door (static onAuth,
 * onJoin), a reconnection refused, or an `error` message answering a room message. Colyseus
 * carries numbers only, so every code of `ErrorCode` has one here, plus the codes only rooms use
 * (battle messages). A refusal at matchmaking is answered with this number as its HTTP status,
 * so the numbers are client-error statuses: the usual ones where the meaning is the usual one,
 * otherwise free 4xx numbers (never Colyseus' own 520–526). Stable: never renumber, append.
 */
export const RoomCode = {
  VALIDATION_FAILED: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  INVALID_TOKEN: 440,
  TOKEN_EXPIRED: 441,
  INVALID_CREDENTIALS: 442,
  MALFORMED_JSON: 443,
  USERNAME_TAKEN: 444,
  EMAIL_TAKEN: 445,
  ALREADY_CLAIMED: 446,
  ALREADY_ENDED: 447,
  PARTY_FULL: 448,
  PARTY_LOCKED: 449,
  BATTLE_IN_PROGRESS: 450,
  INSUFFICIENT_FUNDS: 452,
  LEVEL_TOO_LOW: 453,
  REQUIREMENTS_UNMET: 454,
  QUEST_EXPIRED: 455,
  NOT_EQUIPPABLE: 456,
  NOT_USABLE: 457,
  ALREADY_OWNED: 458,
  ALREADY_EQUIPPED: 459,
  NOT_EQUIPPED: 460,
  CURRENCY_NOT_ACCEPTED: 461,
  IDEMPOTENCY_KEY_REUSED: 462,
  ALREADY_SUBMITTED: 463,
  REWARD_CAP_EXCEEDED: 464,
  TYPE_MISMATCH: 465,
  // Messages of the `dungeon` room (the battle engine's refusals and the room's own).
  NOT_YOUR_TURN: 470,
  INVALID_ACTION: 471,
  NOT_STARTED: 472,
  BATTLE_STARTED: 473,
  SPECTATOR: 474,
  UNKNOWN_MESSAGE: 475,
  BATTLE_OVER: 476,
  BATTLE_START_FAILED: 477,
  // Party chat.
  CHAT_EMPTY: 478,
  CHAT_TOO_LONG: 479,
  CHAT_CONTROL_CHARACTERS: 480,
  CHAT_RATE_LIMITED: 481,
  CHAT_SPECTATOR_EMOTE_ONLY: 482,
  CHAT_ALREADY_REPORTED: 483,
  // The HTTP layer and the cluster front (the usual statuses where they exist).
  HEADERS_TOO_LARGE: 431,
  REQUEST_TIMEOUT: 408,
  MALFORMED_REQUEST: 484,
  BAD_GATEWAY: 502,
  LENGTH_REQUIRED: 411,
  // Challenges and registration.
  GUESS_COOLDOWN: 485,
  GRADING_FAILED: 486,
  REGISTRATION_LIMITED: 487,
  // Code clashes.
  CLASH_STARTED: 488,
  CLASH_OVER: 489,
  NOT_ENOUGH_PLAYERS: 490,
  ALREADY_SOLVED: 491,
  INTERNAL: 500,
  SERVICE_UNAVAILABLE: 503,
} as const satisfies Record<string, number>;
export type RoomCodeName = keyof typeof RoomCode;

/** The number of a string code; a code without one (a bug `errors.test.ts` catches) counts as INTERNAL. */
export function roomCodeOf(code: string): number {
  return Object.hasOwn(RoomCode, code) ? RoomCode[code as RoomCodeName] : RoomCode.INTERNAL;
}

/** WebSocket close code (4000–4999 are the application's) of a connection a room cut off for flooding it with messages. */
export const ROOM_FLOOD_CLOSE_CODE = 4429;

/**
 * The `error` message every room sends to the one client whose message it refused (nothing
 * changed): the contract's string code (what clients translate), its number, and why in English.
 */
export interface RoomErrorMessage {
  code: string;
  roomCode: number;
  message: string;
  details?: unknown;
}
