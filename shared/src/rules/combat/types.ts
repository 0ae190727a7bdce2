import type { DungeonRewards } from "../../content/dungeons.ts";
import type { BossPhase, EnemyMove, TargetRule } from "../../content/enemies.ts";
import type { RngState } from "../../rng/mulberry32.ts";
import type { ItemDrop } from "../loot.ts";
import type { BuffEffect, ConsumableEffect, Element } from "../stats.ts";

/** Fighting stats of a player, from level and gear (rules/stats.ts computes them). */
export interface CombatStats {
  maxHp: number;
  attack: number;
  defense: number;
  speed: number;
  /** 0–1, base 10% plus gear. */
  critChance: number;
}

/** A player as they enter the battle: with the dungeon and the seed, all a replay needs. */
export interface PartyMember {
  /** The user id: stable across reconnections and processes. */
  id: string;
  name: string;
  level: number;
  element: Element;
  stats: CombatStats;
  skills: string[];
  items: { itemId: string; name: string; quantity: number; effect: ConsumableEffect }[];
}

/** What every fighter of a battle has: its stats, its element and its health now. */
export interface FighterStats extends CombatStats {
  element: Element;
  hp: number;
}

export interface PlayerCombatant extends FighterStats {
  kind: "player";
  id: string;
  name: string;
  level: number;
  /** Halves damage taken until this player's next turn. */
  defending: boolean;
  /** Left the party (gave up the seat): skipped, not targeted, not rewarded. */
  left: boolean;
  skills: string[];
  /** Active item buffs (already added to the stats above); `turns` = own turns left. */
  buffs: BuffEffect[];
  /** Own turns left before a skill can be used again; 0 or absent = ready. */
  cooldowns: Record<string, number>;
  items: Record<string, { name: string; quantity: number; effect: ConsumableEffect }>;
}

export interface EnemyCombatant extends FighterStats {
  kind: "enemy";
  /** Unique in the battle: "e1", "e2"… */
  id: string;
  enemyId: string;
  name: string;
  target: TargetRule;
  moves: EnemyMove[];
  boss: boolean;
  phases: BossPhase[];
  /** Index of the phase reached (0: none yet). */
  phase: number;
  phaseName: string;
  /** The move planned for this round, shown to players ahead of time. */
  intent: string;
}

export type BattlePhase = "battle" | "victory" | "defeat";

/** A whole battle as plain JSON data, the generator's state included. */
export interface BattleState {
  dungeonId: string;
  seed: number;
  rng: RngState;
  phase: BattlePhase;
  round: number;
  /** Combatant ids: players by speed (ties by join order), then enemies by speed. */
  turnOrder: string[];
  turnIndex: number;
  /** Id of the player whose turn it is ("" once the battle ended). */
  currentTurn: string;
  players: PlayerCombatant[];
  enemies: EnemyCombatant[];
  rewards: DungeonRewards;
  /** Accepted actions so far. */
  actionCount: number;
  /** Rare drops per player id, rolled at victory: gems (content/dungeons.ts) and items (content/lootTables.ts). */
  drops: Record<string, { gems: number; items: ItemDrop[] }>;
}

export type ActionKind = "attack" | "skill" | "defend" | "item" | "leave";

/** One entry of the action log: what a player (or the server on their behalf) did. */
export interface BattleAction {
  actorId: string;
  action: ActionKind;
  targetId?: string;
  skillId?: string;
  itemId?: string;
  /** Chosen by the server (turn timer, dropped player), not the player. */
  auto?: boolean;
}

export type BattleEvent =
  | { type: "turn"; actorId: string; round: number }
  | {
      type: "damage";
      sourceId: string;
      targetId: string;
      amount: number;
      hp: number;
      crit: boolean;
      multiplier: number;
      /** The skill, move or item that hit ("attack" for a plain attack). */
      with: string;
    }
  | { type: "heal"; sourceId: string; targetId: string; amount: number; hp: number; with: string }
  | { type: "defend"; actorId: string; auto: boolean }
  | { type: "faint"; targetId: string }
  | { type: "phase"; enemyId: string; phase: number; name: string }
  | { type: "buff"; actorId: string; with: string; turns: number }
  | { type: "leave"; actorId: string }
  | { type: "victory"; round: number }
  | { type: "defeat"; round: number };

export type StepResult =
  | { ok: true; state: BattleState; events: BattleEvent[] }
  | { ok: false; code: "NOT_YOUR_TURN" | "BATTLE_OVER" | "INVALID_ACTION"; message: string };
