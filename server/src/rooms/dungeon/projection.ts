import { ArraySchema } from "@colyseus/schema";
import {
  type BattleEvent,
  type BattleState,
  type PartyMember,
  type PlayerCombatant,
  plannedTargets,
  skillById,
} from "@levelup/shared";
import {
  DungeonPlayerState,
  type DungeonState,
  EnemyState,
  ItemStackState,
  SkillState,
} from "@levelup/shared/state/DungeonState";

/** How many lines the synced battle log keeps (older ones drop off). */
export const LOG_LIMIT = 40;

/** Resolves a combatant id (a user id or an enemy id) to the key clients see: the sessionId for a player. */
export type KeyOf = (combatantId: string) => string;

/** A player's schema entry as they sit down in the waiting room. */
export function seatedPlayer(member: PartyMember): DungeonPlayerState {
  const p = new DungeonPlayerState();
  p.userId = member.id;
  p.name = member.name;
  p.level = member.level;
  p.element = member.element;
  p.hp = member.stats.maxHp;
  p.maxHp = member.stats.maxHp;
  p.stats.attack = member.stats.attack;
  p.stats.defense = member.stats.defense;
  p.stats.speed = member.stats.speed;
  p.stats.critChance = member.stats.critChance;
  p.skills = new ArraySchema(...member.skills.map((id) => skillState(id, 0)));
  p.items = new ArraySchema(...member.items.map((i) => itemState(i.itemId, i.name, i.quantity)));
  return p;
}

/**
 * Copies the engine's battle into the synced schema. Only changed values become patch bytes,
 * so calling it after every action is cheap.
 */
export function project(state: DungeonState, battle: BattleState, keyOf: KeyOf): void {
  state.phase = battle.phase;
  state.round = battle.round;
  state.currentTurn = battle.currentTurn ? keyOf(battle.currentTurn) : "";
  const order = battle.turnOrder.map(keyOf);
  if (order.join("\n") !== [...state.turnOrder].join("\n")) state.turnOrder = new ArraySchema(...order);
  for (const p of battle.players) {
    const entry = state.players.get(keyOf(p.id));
    if (entry) projectPlayer(entry, p);
  }
  for (const e of battle.enemies) {
    let entry = state.enemies.get(e.id);
    if (!entry) {
      entry = new EnemyState();
      entry.id = e.id;
      entry.enemyId = e.enemyId;
      entry.name = e.name;
      entry.element = e.element;
      entry.maxHp = e.maxHp;
      entry.boss = e.boss;
      state.enemies.set(e.id, entry);
    }
    entry.hp = e.hp;
    entry.phase = e.phase;
    entry.phaseName = e.phaseName;
    entry.intent = e.hp > 0 ? (e.moves.find((m) => m.id === e.intent)?.name ?? "") : "";
    const targets = plannedTargets(battle, e);
    entry.intentTarget = targets === "random" ? "?" : targets.map(keyOf).join(",");
  }
}

function projectPlayer(entry: DungeonPlayerState, p: PlayerCombatant): void {
  entry.hp = p.hp;
  entry.maxHp = p.maxHp;
  entry.defending = p.defending;
  entry.left = p.left;
  entry.stats.attack = p.attack;
  entry.stats.defense = p.defense;
  entry.stats.speed = p.speed;
  for (const skill of entry.skills) skill.cooldown = p.cooldowns[skill.id] ?? 0;
  for (const item of entry.items) item.quantity = p.items[item.itemId]?.quantity ?? 0;
}

function skillState(id: string, cooldown: number): SkillState {
  const def = skillById(id);
  const s = new SkillState();
  s.id = id;
  s.name = def?.name ?? id;
  s.element = def?.element ?? "neutral";
  s.target = def?.target ?? "enemy";
  s.cooldown = cooldown;
  s.maxCooldown = def?.cooldown ?? 0;
  return s;
}

function itemState(itemId: string, name: string, quantity: number): ItemStackState {
  const s = new ItemStackState();
  s.itemId = itemId;
  s.name = name;
  s.quantity = quantity;
  return s;
}

/** Appends readable lines for events to the bounded log. */
export function appendLog(state: DungeonState, battle: BattleState, events: BattleEvent[]): void {
  const names = new Map<string, string>([
    ...battle.players.map((p) => [p.id, p.name] as const),
    ...battle.enemies.map((e) => [e.id, e.name] as const),
  ]);
  const name = (id: string) => names.get(id) ?? id;
  for (const e of events) {
    const line = describe(e, name);
    if (line) state.log.push(line);
  }
  while (state.log.length > LOG_LIMIT) state.log.shift();
}

function describe(e: BattleEvent, name: (id: string) => string): string | undefined {
  switch (e.type) {
    case "turn":
      return undefined;
    case "damage":
      return `${name(e.sourceId)} hits ${name(e.targetId)} with ${e.with} for ${e.amount}${e.crit ? " (critical!)" : ""}${e.multiplier > 1 ? " (super effective)" : e.multiplier < 1 ? " (not very effective)" : ""}`;
    case "heal":
      return `${name(e.sourceId)} heals ${name(e.targetId)} for ${e.amount}`;
    case "defend":
      return `${name(e.actorId)} defends${e.auto ? " (auto)" : ""}`;
    case "buff":
      return `${name(e.actorId)} uses ${e.with}`;
    case "faint":
      return `${name(e.targetId)} falls`;
    case "phase":
      return `${name(e.enemyId)} enters phase ${e.phase}: ${e.name}`;
    case "leave":
      return `${name(e.actorId)} leaves the party`;
    case "victory":
      return `Victory in round ${e.round}!`;
    case "defeat":
      return `Defeat in round ${e.round}`;
  }
}
