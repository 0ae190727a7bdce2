/**
 * Names of the rooms, their messages and the hub's pushes: plain constants (no zod), so the web
 * client, the CLI and the load scripts import them without the schemas.
 */

/** The room types clients join (registered by the server under these names). */
export const RoomName = {
  hub: "hub",
  coding: "coding",
  dungeon: "dungeon",
  clash: "clash",
} as const;

/** Room message types of the `coding` room. */
export const CodingMessage = {
  /** client → server: activity since the last update. */
  update: "coding_update",
  /** server → client: an update over a cap was refused whole. */
  rejected: "coding_rejected",
  /** server → client: XP paid for a batch (same shape as the hub's push). */
  xpUpdate: "xp_update",
  /** server → client: the session ended (rewards included); the room closes after it. */
  ended: "coding_ended",
  /** client → server: end the session from the room (same result as POST /coding/end). */
  end: "coding_end",
  /** server → client: a message failed validation; nothing changed. */
  error: "error",
} as const;

/** Message types of the `dungeon` room. */
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

/** Message types of the `clash` room (payloads in protocol/clash.ts). */
export const ClashMessage = {
  /** creator → server, in the lobby with two players or more: start the countdown. */
  start: "clash_start",
  /** player → server: `clashProgressMessage`, characters typed (never the code). */
  progress: "clash_progress",
  /** player → server: `clashCodeMessage`, run on the visible examples only. */
  test: "clash_test",
  /** player → server: `clashCodeMessage`, graded on the hidden validators; final once it passes them all. */
  submit: "clash_submit",
  /** server → each client once the clash starts (and on joining later): `ClashProblemMessage`. */
  problem: "clash_problem",
  /** server → the submitter: `ClashGradedMessage`. */
  graded: "clash_graded",
  /** server → everyone once: `ClashResultMessage`; the room closes a little later. */
  result: "clash_result",
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
