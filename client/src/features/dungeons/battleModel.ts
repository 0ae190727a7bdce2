import type { BattleEvent } from "@levelup/shared/rules/combat/types";

/** A fighter as the battle screen draws it. */
export interface Fighter {
  /** The key in the room state: the sessionId for a player, the enemy's id for an enemy. */
  id: string;
  /** Players: the user id that battle_update events name them by. */
  userId?: string;
  name: string;
  hp: number;
  maxHp: number;
  element: string;
  connected: boolean;
  defending: boolean;
  ready: boolean;
  /** Enemies: the content id that picks the drawing. */
  enemyId?: string;
  /** Enemies, players' view only: the planned move's name and whom it would hit (seat keys, "?" = dice). */
  intent?: string;
  intentTargets?: string[] | "random";
  /** Players: skills they have and turns left before each can be used again. */
  skills: string[];
  cooldowns: Record<string, number>;
  items: { itemId: string; name: string; quantity: number }[];
}

export type BattlePhaseView = "waiting" | "battle" | "victory" | "defeat";

export interface BattleView {
  phase: BattlePhaseView;
  dungeonId: string;
  round: number;
  currentTurn: string;
  players: Fighter[];
  enemies: Fighter[];
  log: string[];
  spectators: number;
}

type Json = Record<string, unknown>;

/** A MapSchema serializes as an object keyed by id, an ArraySchema as an array: both become a list. */
function list(value: unknown): Json[] {
  if (Array.isArray(value)) return value as Json[];
  if (value && typeof value === "object")
    return Object.entries(value as Record<string, Json>).map(([key, v]) => ({ id: key, ...v }));
  return [];
}

function items(value: unknown): Fighter["items"] {
  return list(value).map((i) => ({
    itemId: String(i.itemId ?? i.id),
    name: String(i.name ?? i.itemId ?? i.id),
    quantity: Number(i.quantity ?? 1),
  }));
}

/** EnemyState.intentTarget: "" nobody (or not shown), "?" the dice pick, else comma-separated seat keys. */
function intentTargets(value: unknown): Fighter["intentTargets"] {
  if (typeof value !== "string" || value === "") return undefined;
  return value === "?" ? "random" : value.split(",");
}

function fighter(raw: Json): Fighter {
  const skills = list(raw.skills).map((s) =>
    typeof s === "string" ? { id: s, cooldown: 0 } : { id: String(s.id), cooldown: Number(s.cooldown ?? 0) },
  );
  return {
    id: String(raw.id ?? raw.userId ?? raw.sessionId ?? ""),
    userId: raw.userId === undefined ? undefined : String(raw.userId),
    name: String(raw.name ?? raw.username ?? raw.id ?? ""),
    hp: Number(raw.hp ?? 0),
    maxHp: Math.max(1, Number(raw.maxHp ?? raw.hp ?? 1)),
    element: String(raw.element ?? "neutral"),
    connected: raw.connected !== false,
    defending: raw.defending === true,
    ready: raw.ready === true,
    enemyId: raw.enemyId === undefined ? undefined : String(raw.enemyId),
    intent: raw.intent ? String(raw.intent) : undefined,
    intentTargets: intentTargets(raw.intentTarget),
    skills: skills.map((s) => s.id),
    cooldowns: Object.fromEntries(skills.map((s) => [s.id, s.cooldown])),
    items: items(raw.items),
  };
}

/** The dungeon room's state (plain JSON from the schema) in the shape the screen uses. */
export function battleView(state: Json): BattleView {
  const phase = String(state.phase ?? "waiting");
  return {
    phase: (["waiting", "battle", "victory", "defeat"].includes(phase) ? phase : "waiting") as BattlePhaseView,
    dungeonId: String(state.dungeonId ?? ""),
    round: Number(state.round ?? 0),
    currentTurn: String(state.currentTurn ?? ""),
    players: list(state.players).map(fighter),
    enemies: list(state.enemies).map(fighter),
    log: list(state.log).map((l) => (typeof l === "string" ? l : String((l as Json).text ?? JSON.stringify(l)))),
    spectators: Number(state.spectators ?? state.spectatorCount ?? 0),
  };
}

/** A battle_update event with an id, so the scene can animate each one once. */
export type SceneEvent = BattleEvent & { seq: number };

/** Events name players by user id; the screen keys them by seat. Rewrites every id to the seat key. */
export function toSeatIds(event: BattleEvent, players: readonly Fighter[]): BattleEvent {
  const seat = (id: string) => players.find((p) => p.userId === id)?.id ?? id;
  const e = { ...event } as Record<string, unknown>;
  for (const field of ["sourceId", "targetId", "actorId"])
    if (typeof e[field] === "string") e[field] = seat(e[field] as string);
  return e as BattleEvent;
}
