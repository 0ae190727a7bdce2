/**
 * Stable, machine-readable error codes of the public contract (API.md).
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
 * (battle messages). Stable: never renumber, append. 4000–4999 is the range Colyseus leaves to
 * applications; its own matchmaking codes are 4210–4217 and its close codes 4000–4010.
 */
export const RoomCode = {
  VALIDATION_FAILED: 4400,
  UNAUTHORIZED: 4401,
  INVALID_TOKEN: 4402,
  FORBIDDEN: 4403,
  NOT_FOUND: 4404,
  TOKEN_EXPIRED: 4405,
  INVALID_CREDENTIALS: 4406,
  MALFORMED_JSON: 4407,
  CONFLICT: 4409,
  ALREADY_ENDED: 4410,
  ALREADY_CLAIMED: 4411,
  USERNAME_TAKEN: 4412,
  PAYLOAD_TOO_LARGE: 4413,
  EMAIL_TAKEN: 4414,
  PARTY_FULL: 4420,
  PARTY_LOCKED: 4421,
  BATTLE_IN_PROGRESS: 4422,
  INSUFFICIENT_FUNDS: 4423,
  LEVEL_TOO_LOW: 4424,
  REQUIREMENTS_UNMET: 4425,
  QUEST_EXPIRED: 4426,
  NOT_EQUIPPABLE: 4427,
  NOT_USABLE: 4428,
  /** Also the close code of a connection cut off for flooding a room with messages. */
  RATE_LIMITED: 4429,
  ALREADY_OWNED: 4430,
  ALREADY_EQUIPPED: 4431,
  NOT_EQUIPPED: 4432,
  CURRENCY_NOT_ACCEPTED: 4433,
  IDEMPOTENCY_KEY_REUSED: 4434,
  ALREADY_SUBMITTED: 4435,
  REWARD_CAP_EXCEEDED: 4436,
  TYPE_MISMATCH: 4437,
  // Battle messages of the `dungeon` room (the engine's refusals and the room's own).
  NOT_YOUR_TURN: 4460,
  INVALID_ACTION: 4461,
  NOT_STARTED: 4462,
  BATTLE_STARTED: 4463,
  SPECTATOR: 4464,
  UNKNOWN_MESSAGE: 4465,
  BATTLE_OVER: 4466,
  BATTLE_START_FAILED: 4467,
  INTERNAL: 4500,
  SERVICE_UNAVAILABLE: 4503,
} as const satisfies Record<string, number>;
export type RoomCodeName = keyof typeof RoomCode;

/** The number of a string code; a code without one (a bug `errors.test.ts` catches) counts as INTERNAL. */
export function roomCodeOf(code: string): number {
  return Object.hasOwn(RoomCode, code) ? RoomCode[code as RoomCodeName] : RoomCode.INTERNAL;
}

/** Close code of a connection a room cut off because it kept flooding it with messages. */
export const ROOM_FLOOD_CLOSE_CODE = RoomCode.RATE_LIMITED;

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
