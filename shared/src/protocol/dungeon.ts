import { z } from "zod";
import { itemById } from "../content/items.ts";
import { skillById } from "../content/skills.ts";
import type { BattleEvent, BattlePhase } from "../rules/combat/types.ts";
import type { ItemDrop } from "../rules/loot.ts";
import type { BattleOutcome } from "../rules/replay.ts";
import { limitSchema } from "./common.ts";
import { elementSchema } from "./economy.ts";

/**
 * `battle_action` (`dungeon` room): what the player whose turn it is wants to do. Skill and item
 * ids must name a skill or a consumable of the catalogue: anything else is refused here, before
 * it reaches the engine (which looks ids up in records).
 */
export const battleActionMessage = z.strictObject({
  action: z.enum(["attack", "skill", "defend", "item"]),
  skillId: z
    .string()
    .min(1)
    .max(64)
    .refine((id) => skillById(id) !== undefined, "No such skill")
    .optional(),
  targetId: z.string().min(1).max(64).optional(),
  itemId: z
    .string()
    .min(1)
    .max(64)
    .refine((id) => itemById(id)?.slot === "consumable", "No such consumable")
    .optional(),
});
export type BattleActionMessage = z.infer<typeof battleActionMessage>;

/**
 * Codes of the `error` message the `dungeon` room sends to one client ({code, message}); the
 * message changed nothing. Besides these: BATTLE_OVER, and NOT_USABLE for an item none is left of.
 */
export const BattleErrorCode = {
  VALIDATION_FAILED: "VALIDATION_FAILED",
  NOT_YOUR_TURN: "NOT_YOUR_TURN",
  INVALID_ACTION: "INVALID_ACTION",
  NOT_STARTED: "NOT_STARTED",
  BATTLE_STARTED: "BATTLE_STARTED",
  SPECTATOR: "SPECTATOR",
  FORBIDDEN: "FORBIDDEN",
  UNKNOWN_MESSAGE: "UNKNOWN_MESSAGE",
  /** The battle could not start (e.g. the party emptied meanwhile); the room closes after it. */
  BATTLE_START_FAILED: "BATTLE_START_FAILED",
} as const;

/** A refusal of the `dungeon` room before it goes out as a `RoomErrorMessage` (which adds its number). */
export interface BattleError {
  code: string;
  message: string;
}

/** Join options of the `dungeon` room: players come with a seat from POST /dungeons/battle, spectators by room id. */
export const dungeonJoinOptions = z.object({
  spectate: z.boolean().optional(),
  token: z.string().max(4096).optional(),
});

export const dungeonRewardsSchema = z.object({
  xp: z.number().int(),
  coins: z.number().int(),
  consolationXp: z.number().int(),
  drops: z.array(
    z.object({ chance: z.number().describe("0–1, rolled per player at victory"), gems: z.number().int() }),
  ),
});

export const dungeonSummary = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  difficulty: z.number().int(),
  requiredLevel: z.number().int(),
  element: elementSchema,
  enemies: z.array(
    z.object({ id: z.string(), name: z.string(), element: elementSchema, hp: z.number().int(), boss: z.boolean() }),
  ),
  rewards: dungeonRewardsSchema,
  /** True when the caller's level is below requiredLevel. */
  locked: z.boolean(),
});
export type DungeonSummary = z.infer<typeof dungeonSummary>;

export const dungeonListResponse = z.object({ items: z.array(dungeonSummary) });

export const startBattleBody = z.object({
  dungeonId: z.string().min(1).max(64),
  /** Join this party (a room id from an invitation) instead of opening a new one. */
  partyRoomId: z.string().min(1).max(64).optional(),
});
export type StartBattleBody = z.infer<typeof startBattleBody>;

/** A Colyseus seat reservation exactly as the matchmaker makes it (consumeSeatReservation takes it). */
export const seatReservationSchema = z
  .object({
    name: z.string(),
    roomId: z.string(),
    processId: z.string(),
    sessionId: z.string(),
    publicAddress: z.string().optional(),
  })
  .loose();

export const startBattleResponse = z.object({ roomId: z.string(), reservation: seatReservationSchema });

export const liveBattle = z.object({
  roomId: z.string(),
  dungeonId: z.string(),
  players: z.number().int(),
  spectators: z.number().int(),
  round: z.number().int(),
  phase: z.enum(["waiting", "battle", "victory", "defeat"]),
});
/** Most watched first. */
export const liveBattlesQuery = z.object({ limit: limitSchema });
export const liveBattlesResponse = z.object({ items: z.array(liveBattle) });

/** Room metadata of a `dungeon` room in the matchmaker's listing (kept current by the room). */
export interface DungeonRoomMetadata {
  dungeonId: string;
  players: number;
  spectators: number;
  round: number;
  phase: "waiting" | "battle" | "victory" | "defeat";
  locked: boolean;
}

/** `battle_update` payloads: the engine's events, and the rewards once a battle is settled. */
export type BattleUpdate =
  | BattleEvent
  | {
      type: "rewards";
      /** The stored battle: its replay is GET /api/game/battles/:battleId/replay. */
      battleId: string;
      rewards: { userId: string; xp: number; coins: number; gems: number }[];
    };

/** What one player got from a finished battle. */
export interface BattlePayout {
  userId: string;
  xp: number;
  coins: number;
  gems: number;
  /** Items put into the inventory (loot table drops; gear already owned is not given twice). */
  items: ItemDrop[];
  /** False when this battle had already paid this player (a retry): nothing paid twice. */
  applied: boolean;
}

/** What a finished battle stores in `battles.result` (rows settled before replays have no outcome). */
export interface StoredBattleResult {
  phase: BattlePhase;
  round: number;
  payouts: BattlePayout[];
  outcome?: BattleOutcome;
  /** False when the stored actions did not replay to this end (such a battle is not offered as a replay). */
  replayMatches?: boolean;
}
