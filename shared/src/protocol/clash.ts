import { z } from "zod";
import { limitSchema } from "./common.ts";
import { seatReservationSchema } from "./dungeon.ts";

/**
 * Code clashes (docs/api.md, "Clashes"): 2–8 players race on one short JavaScript puzzle in a
 * `clash` room, under a mode drawn at random when the creator starts it. Players take a seat
 * through REST (matched, invited or by a link); spectators join a live clash by room id. The
 * puzzle, its statement and its visible examples reach the room's clients in `clash_problem`;
 * its hidden validators never leave the server; nobody's code leaves the server before the end.
 */

/** The languages a statement is written in, and the ones players may ask to be matched by. */
export const clashLocaleSchema = z.enum(["en", "ko", "ja", "zh"]);
export type ClashLocaleName = z.infer<typeof clashLocaleSchema>;

/**
 * Fastest: first to pass every validator. Shortest: fewest characters among those who pass
 * every validator, then time. Reverse: no statement, only the examples; ranked as Fastest.
 */
export const clashModeSchema = z.enum(["fastest", "shortest", "reverse"]);
export type ClashMode = z.infer<typeof clashModeSchema>;

export const clashPhaseSchema = z.enum(["lobby", "countdown", "playing", "ended"]);
export type ClashPhase = z.infer<typeof clashPhaseSchema>;

// ---- REST ----------------------------------------------------------------------------------------

/**
 * POST /api/game/clashes/queue: a seat in a public lobby of players near the caller's rating
 * (the window widens while a lobby waits), or a new lobby. With `language`, only lobbies whose
 * players asked for that same language; without it, only lobbies of players who asked for none.
 */
export const clashQueueBody = z.strictObject({ language: clashLocaleSchema.optional() });
export type ClashQueueBody = z.infer<typeof clashQueueBody>;

/** POST /api/game/clashes/join: a seat in the lobby of an invitation link (public or private). */
export const clashJoinBody = z.strictObject({ roomId: z.string().min(1).max(64) });
export type ClashJoinBody = z.infer<typeof clashJoinBody>;

/** Answer of queue, invite (POST /api/game/clashes/invite: a new private lobby) and join. */
export const clashSeatResponse = z.object({ roomId: z.string(), reservation: seatReservationSchema });

/** GET /api/game/clashes/live: clashes open to spectators, most watched first. */
export const liveClashesQuery = z.object({ limit: limitSchema });
export const liveClash = z.object({
  roomId: z.string(),
  phase: clashPhaseSchema,
  /** Empty until the clash starts. */
  mode: z.union([clashModeSchema, z.literal("")]),
  difficulty: z.string(),
  players: z.number().int(),
  spectators: z.number().int(),
});
export const liveClashesResponse = z.object({ items: z.array(liveClash) });

/** Room metadata of a `clash` room in the matchmaker's listing (kept current by the room). */
export interface ClashRoomMetadata {
  phase: ClashPhase;
  mode: ClashMode | "";
  difficulty: string;
  players: number;
  spectators: number;
  /** Invitation-only lobbies are never matched from the queue. */
  private: boolean;
  /** The language its players asked for, "" for none. */
  language: ClashLocaleName | "";
  /** Mean rating of the seated players: what the queue compares with. */
  rating: number;
  /** Epoch ms the lobby opened: its rating window widens from then. */
  openedAt: number;
}

/** One player's Glicko-2 standing. `provisional` while they have played too few clashes. */
export const clashRatingSchema = z.object({
  userId: z.string(),
  username: z.string(),
  rating: z.number().int(),
  deviation: z.number().int(),
  games: z.number().int(),
  wins: z.number().int(),
  provisional: z.boolean(),
  /** 1-based place on the ladder (provisional players included). */
  rank: z.number().int(),
});
export type ClashRating = z.infer<typeof clashRatingSchema>;

/** GET /api/game/clashes/ladder: the top, the caller's place and their neighbours (two above, two below). */
export const clashLadderQuery = z.object({ limit: limitSchema });
export const clashLadderResponse = z.object({
  top: z.array(clashRatingSchema),
  /** Null until the caller has played a rated clash. */
  me: clashRatingSchema.nullable(),
  neighbours: z.array(clashRatingSchema),
});

// ---- room messages -------------------------------------------------------------------------------

/** Join options of the `clash` room: players come with a seat from REST, spectators by room id. */
export const clashJoinOptions = z.object({
  spectate: z.boolean().optional(),
  token: z.string().max(4096).optional(),
});

/** Longest solution accepted, characters. */
export const CLASH_MAX_CODE_CHARS = 20_000;

/** `clash_start` (creator, in the lobby, two players or more): the countdown begins. No payload, or `{}`. */
export const clashStartMessage = z.strictObject({}).optional();
/** `clash_progress`: how many characters the player's code has now (never the code). */
export const clashProgressMessage = z.strictObject({ chars: z.number().int().min(0).max(CLASH_MAX_CODE_CHARS) });
/**
 * `clash_test` runs the code on the visible examples only; `clash_submit` grades it on the hidden
 * validators, and is final when it passes them all. Both count toward the per-minute limit.
 */
export const clashCodeMessage = z.strictObject({ code: z.string().min(1).max(CLASH_MAX_CODE_CHARS) });

/** `clash_problem` (server → each client once the clash starts, and to anyone joining later). */
export interface ClashProblemMessage {
  problemId: string;
  mode: ClashMode;
  difficulty: string;
  fn: string;
  starterCode: string;
  title: Record<ClashLocaleName, string>;
  /** Null in the Reverse mode: the examples are all there is. */
  statement: Record<ClashLocaleName, string> | null;
  examples: { args: unknown[]; expected: unknown }[];
  /** Epoch ms the clash ends at the latest. */
  endsAt: number;
}

/** `clash_graded` (server → the submitter only): one test run or submission, graded. */
export interface ClashGradedMessage {
  kind: "test" | "submit";
  /** Visible examples: each one's result (`output` is the player's console output). */
  examples: { passed: boolean; message: string; output: string }[];
  /** Hidden validators (submit only): how many passed, out of how many; never which. */
  passed: number;
  total: number;
  /** True when this submission passed every validator: the player is done. */
  solved: boolean;
}

/** One line of the result: everyone's place once the clash is over. */
export interface ClashStanding {
  userId: string;
  username: string;
  /** 1-based; equal results share a place. */
  place: number;
  passed: number;
  total: number;
  /** Milliseconds from the start to the best submission, null without one. */
  timeMs: number | null;
  /** Characters of the best submission, null without one. */
  codeLength: number | null;
  forfeited: boolean;
  ratingBefore: number;
  ratingAfter: number;
  provisional: boolean;
  xp: number;
  coins: number;
}

/** `clash_result` (server → everyone, players and spectators, once): places and every solution. */
export interface ClashResultMessage {
  /** False when the clash was not rated nor paid (fewer than two players at the start stayed seated). */
  rated: boolean;
  standings: ClashStanding[];
  /** Each player's best submission (the one ranked), revealed only now; the winner's first. */
  solutions: { userId: string; code: string; passed: number; total: number }[];
  winnerId: string | null;
}
