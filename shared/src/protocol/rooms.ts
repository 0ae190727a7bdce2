import { z } from "zod";

/** The room types clients join (registered by the server under these names). */
export const RoomName = {
  hub: "hub",
  coding: "coding",
  dungeon: "dungeon",
} as const;

/** Message types of the `dungeon` room (the `coding` room's are `CodingMessage`). */
export const DungeonMessage = {
  /** player → server: ready to fight; the battle starts when every seated player is. */
  ready: "ready",
  /** player → server: `battleActionMessage`, on the player's turn. */
  battleAction: "battle_action",
  /** leader → server: close the party to invitations / open it again. */
  lock: "lock",
  unlock: "unlock",
  /** server → everyone: an engine event, or the rewards once the battle is settled (`BattleUpdate`). */
  battleUpdate: "battle_update",
  /** server → one client: a message was refused, nothing changed (`RoomErrorMessage`). */
  error: "error",
} as const;

/** Pushes of the `hub` room: news about what the player owns, sent to that player's connections only. */
export const HubPush = {
  xpUpdate: "xp_update",
  levelUp: "level_up",
  achievementUnlocked: "achievement_unlocked",
  questProgress: "quest_progress",
} as const;
export type HubPushType = (typeof HubPush)[keyof typeof HubPush];

/** A message without a payload (`ready`, `lock`, `coding_end`…): nothing, or an empty object. */
export const emptyMessage = z.union([z.undefined(), z.null(), z.strictObject({})]);
