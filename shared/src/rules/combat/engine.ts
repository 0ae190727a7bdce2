import type { DungeonDef } from "../../content/dungeons.ts";
import type { EnemyDef, EnemyMove, TargetRule } from "../../content/enemies.ts";
import { lootTableFor } from "../../content/lootTables.ts";
import { ATTACK_POWER, skillById } from "../../content/skills.ts";
import rfdc from "rfdc";
import { Rng, seedRng } from "../../rng/mulberry32.ts";
import { BASE_CRIT_CHANCE, type BuffEffect, type Element } from "../stats.ts";
import { rollLoot } from "../loot.ts";
import { damageOf } from "./damage.ts";
import { typeMultiplier } from "./elements.ts";
import type {
  BattleAction,
  BattleEvent,
  BattleState,
  EnemyCombatant,
  PartyMember,
  PlayerCombatant,
  StepResult,
} from "./types.ts";

/**
 * A battle state is plain data (it is stored as JSON): rfdc copies it ~6× faster than
 * structuredClone, which was most of a turn's engine time (README, Performance notes).
 */
const copyState: (state: BattleState) => BattleState = rfdc({ proto: false, circles: false });

/** Everything a battle starts from; with the action log it replays the battle exactly. */
export interface BattleSetup {
  dungeon: DungeonDef;
  /** The dungeon's enemies, resolved from content, in line-up order. */
  enemies: EnemyDef[];
  /** Players in join order. */
  party: PartyMember[];
  /** Unsigned 32-bit seed. */
  seed: number;
}

type Combatant = PlayerCombatant | EnemyCombatant;

/** Starts a battle: combatants, turn order by speed, the enemies' first plans, the first turn. */
export function createBattle(setup: BattleSetup): { state: BattleState; events: BattleEvent[] } {
  if (setup.party.length < 1 || setup.party.length > 4) throw new RangeError("a party has 1–4 players");
  const players: PlayerCombatant[] = setup.party.map((m) => ({
    kind: "player",
    id: m.id,
    name: m.name,
    level: m.level,
    element: m.element,
    hp: m.stats.maxHp,
    maxHp: m.stats.maxHp,
    attack: m.stats.attack,
    defense: m.stats.defense,
    speed: m.stats.speed,
    critChance: m.stats.critChance,
    defending: false,
    left: false,
    buffs: [],
    skills: [...m.skills],
    cooldowns: {},
    items: Object.fromEntries(
      m.items.map((i) => [i.itemId, { name: i.name, quantity: i.quantity, effect: { ...i.effect } }]),
    ),
  }));
  const enemies: EnemyCombatant[] = setup.enemies.map((e, i) => ({
    kind: "enemy",
    id: `e${i + 1}`,
    enemyId: e.id,
    name: e.name,
    element: e.element,
    hp: e.hp,
    maxHp: e.hp,
    attack: e.attack,
    defense: e.defense,
    speed: e.speed,
    critChance: e.critChance ?? BASE_CRIT_CHANCE,
    target: e.target,
    moves: structuredClone(e.moves),
    boss: e.boss ?? false,
    phases: structuredClone(e.phases ?? []),
    phase: 0,
    phaseName: "",
    intent: "",
  }));
  const bySpeed = <T extends Combatant>(list: T[]) =>
    list
      .map((c, order) => ({ c, order }))
      .sort((a, b) => b.c.speed - a.c.speed || a.order - b.order)
      .map(({ c }) => c.id);
  const state: BattleState = {
    dungeonId: setup.dungeon.id,
    seed: setup.seed >>> 0,
    rng: seedRng(setup.seed),
    phase: "battle",
    round: 1,
    turnOrder: [...bySpeed(players), ...bySpeed(enemies)],
    turnIndex: 0,
    currentTurn: "",
    players,
    enemies,
    rewards: structuredClone(setup.dungeon.rewards),
    actionCount: 0,
    drops: {},
  };
  const rng = new Rng(state.rng);
  const events: BattleEvent[] = [];
  planIntents(state, rng);
  beginNextTurn(state, rng, events);
  state.rng = rng.state;
  return { state, events };
}

/**
 * Applies one action to a battle: the pure step of the engine. The input state is never
 * modified; a refused action returns a code and no state. After the player's action, every
 * enemy whose turn follows acts too, so the result waits on the next player (or the end).
 */
export function applyAction(input: BattleState, action: BattleAction): StepResult {
  return step(copyState(input), action);
}

/**
 * Rebuilds a battle from its start and its action log; throws if the log holds a refused action.
 * The steps change one state in place: nobody sees the states in between, and a copy per action
 * was most of a settlement's replay check (README, Performance notes).
 */
export function replayBattle(setup: BattleSetup, actions: readonly BattleAction[]): BattleState {
  const { state } = createBattle(setup);
  for (const [i, action] of actions.entries()) {
    const result = step(state, action);
    if (!result.ok) throw new Error(`action ${i} cannot be replayed: ${result.code}`);
  }
  return state;
}

/** applyAction on a state of its own, which it changes (even when it refuses the action). */
function step(state: BattleState, action: BattleAction): StepResult {
  if (state.phase !== "battle") return refuse("BATTLE_OVER", "The battle is over");
  const actor = state.players.find((p) => p.id === action.actorId);
  if (!actor || actor.left) return refuse("INVALID_ACTION", "Not a player of this battle");
  const rng = new Rng(state.rng);
  const events: BattleEvent[] = [];

  if (action.action === "leave") {
    actor.left = true;
    events.push({ type: "leave", actorId: actor.id });
    if (state.currentTurn === actor.id) advance(state, rng, events);
    else checkEnd(state, rng, events);
    return done(state, rng, events);
  }

  if (state.currentTurn !== actor.id) return refuse("NOT_YOUR_TURN", "It is not your turn");
  const refused = act(state, actor, action, rng, events);
  if (refused) return refused;
  tickCooldowns(actor, action.action === "skill" ? action.skillId : undefined);
  tickBuffs(
    actor,
    action.action === "item" &&
      Boolean(action.itemId && Object.hasOwn(actor.items, action.itemId) && actor.items[action.itemId]?.effect.buff),
  );
  advance(state, rng, events);
  return done(state, rng, events);
}

function refuse(code: Extract<StepResult, { ok: false }>["code"], message: string): StepResult {
  return { ok: false, code, message };
}

function done(state: BattleState, rng: Rng, events: BattleEvent[]): StepResult {
  state.rng = rng.state;
  state.actionCount += 1;
  return { ok: true, state, events };
}

const living = <T extends Combatant>(list: T[]) => list.filter((c) => c.hp > 0 && (c.kind === "enemy" || !c.left));

function act(
  state: BattleState,
  actor: PlayerCombatant,
  action: BattleAction,
  rng: Rng,
  events: BattleEvent[],
): StepResult | undefined {
  switch (action.action) {
    case "defend":
      actor.defending = true;
      events.push({ type: "defend", actorId: actor.id, auto: action.auto ?? false });
      return undefined;
    case "attack": {
      const target = enemyTarget(state, action.targetId);
      if (!target) return refuse("INVALID_ACTION", "No such living enemy");
      hit(actor, target, ATTACK_POWER, actor.element, "attack", rng, events);
      return undefined;
    }
    case "skill": {
      const skill = action.skillId ? skillById(action.skillId) : undefined;
      if (!skill || !action.skillId || !actor.skills.includes(action.skillId)) {
        return refuse("INVALID_ACTION", "You do not have that skill");
      }
      if ((actor.cooldowns[skill.id] ?? 0) > 0) return refuse("INVALID_ACTION", "That skill is cooling down");
      const element = skill.element === "weapon" ? actor.element : skill.element;
      if (skill.target === "enemy") {
        const target = enemyTarget(state, action.targetId);
        if (!target) return refuse("INVALID_ACTION", "No such living enemy");
        hit(actor, target, skill.power ?? 0, element, skill.id, rng, events);
      } else if (skill.target === "all_enemies") {
        for (const target of living(state.enemies))
          hit(actor, target, skill.power ?? 0, element, skill.id, rng, events);
      } else {
        const target = skill.target === "self" ? actor : allyTarget(state, actor, action.targetId);
        if (!target) return refuse("INVALID_ACTION", "No such living ally");
        heal(actor, target, Math.round(target.maxHp * (skill.healShare ?? 0)), skill.id, events);
      }
      return undefined;
    }
    case "item": {
      // Own keys only: an id like "constructor" must not find Object.prototype's members.
      const owned = action.itemId && Object.hasOwn(actor.items, action.itemId) ? actor.items[action.itemId] : undefined;
      if (!owned || !action.itemId || owned.quantity < 1) return refuse("INVALID_ACTION", "You have no such item");
      const { effect } = owned;
      if (effect.revive) {
        const target = state.players.find((p) => p.id === action.targetId && p.hp === 0 && !p.left);
        if (!target) return refuse("INVALID_ACTION", "Revive needs a fallen ally");
        heal(
          actor,
          target,
          Math.max(1, Math.round((target.maxHp * effect.revive.hpPercent) / 100)),
          action.itemId,
          events,
        );
      } else if (effect.heal) {
        const target = allyTarget(state, actor, action.targetId);
        if (!target) return refuse("INVALID_ACTION", "No such living ally");
        // A potion that would heal nothing is refused, not wasted (one with a buff still works).
        if (target.hp >= target.maxHp && !effect.buff) return refuse("INVALID_ACTION", "That ally is at full health");
        heal(actor, target, effect.heal, action.itemId, events);
      }
      if (effect.buff) {
        applyBuff(actor, effect.buff, 1);
        actor.buffs.push({ ...effect.buff });
        events.push({ type: "buff", actorId: actor.id, with: action.itemId, turns: effect.buff.turns });
      }
      owned.quantity -= 1;
      return undefined;
    }
    default:
      return refuse("INVALID_ACTION", "Unknown action");
  }
}

function enemyTarget(state: BattleState, targetId: string | undefined): EnemyCombatant | undefined {
  const alive = living(state.enemies);
  return targetId === undefined ? alive[0] : alive.find((e) => e.id === targetId);
}

function allyTarget(state: BattleState, actor: PlayerCombatant, targetId: string | undefined) {
  if (targetId === undefined) return actor;
  return living(state.players).find((p) => p.id === targetId);
}

/** Own-turn cooldown bookkeeping: every cooldown drops by one, then the skill just used starts its own. */
function tickCooldowns(actor: PlayerCombatant, usedSkill: string | undefined): void {
  for (const id of Object.keys(actor.cooldowns)) {
    const left = (actor.cooldowns[id] ?? 0) - 1;
    if (left > 0) actor.cooldowns[id] = left;
    else delete actor.cooldowns[id];
  }
  const cooldown = usedSkill ? (skillById(usedSkill)?.cooldown ?? 0) : 0;
  if (usedSkill && cooldown > 0) actor.cooldowns[usedSkill] = cooldown;
}

function applyBuff(p: PlayerCombatant, buff: BuffEffect, sign: 1 | -1): void {
  p.attack += sign * (buff.attack ?? 0);
  p.defense += sign * (buff.defense ?? 0);
  p.speed += sign * (buff.speed ?? 0);
}

/** A buff lasts its number of the user's own turns after the one it was taken in. */
function tickBuffs(actor: PlayerCombatant, justTaken: boolean): void {
  const count = justTaken ? actor.buffs.length - 1 : actor.buffs.length;
  for (const buff of actor.buffs.slice(0, Math.max(0, count))) buff.turns -= 1;
  for (const expired of actor.buffs.filter((b) => b.turns <= 0)) applyBuff(actor, expired, -1);
  actor.buffs = actor.buffs.filter((b) => b.turns > 0);
}

function hit(
  source: Combatant,
  target: Combatant,
  power: number,
  element: Element,
  what: string,
  rng: Rng,
  events: BattleEvent[],
): void {
  const crit = rng.chance(source.critChance);
  const multiplier = typeMultiplier(element, target.element);
  const amount = damageOf({
    power,
    attack: source.attack,
    defense: target.defense,
    typeMultiplier: multiplier,
    crit,
    defending: target.kind === "player" && target.defending,
  });
  dealDamage(source.id, target, amount, crit, multiplier, what, rng, events);
}

function dealDamage(
  sourceId: string,
  target: Combatant,
  amount: number,
  crit: boolean,
  multiplier: number,
  what: string,
  rng: Rng,
  events: BattleEvent[],
): void {
  target.hp = Math.max(0, target.hp - amount);
  events.push({ type: "damage", sourceId, targetId: target.id, amount, hp: target.hp, crit, multiplier, with: what });
  if (target.hp === 0) events.push({ type: "faint", targetId: target.id });
  else if (target.kind === "enemy") enterBossPhases(target, rng, events);
}

function heal(source: Combatant, target: PlayerCombatant, amount: number, what: string, events: BattleEvent[]): void {
  const healed = Math.min(target.maxHp - target.hp, Math.max(0, amount));
  target.hp += healed;
  events.push({ type: "heal", sourceId: source.id, targetId: target.id, amount: healed, hp: target.hp, with: what });
}

/** A boss crossing an HP threshold enters the next phase(s): stronger, maybe new targets and moves. */
function enterBossPhases(enemy: EnemyCombatant, rng: Rng, events: BattleEvent[]): void {
  let changed = false;
  for (
    let next = enemy.phases[enemy.phase];
    next && enemy.hp <= enemy.maxHp * next.belowShare;
    next = enemy.phases[enemy.phase]
  ) {
    enemy.phase += 1;
    enemy.phaseName = next.name;
    enemy.attack = Math.round(enemy.attack * next.attackMultiplier);
    if (next.target) enemy.target = next.target;
    if (next.moves) enemy.moves = structuredClone(next.moves);
    events.push({ type: "phase", enemyId: enemy.id, phase: enemy.phase, name: next.name });
    changed = true;
  }
  if (changed) enemy.intent = pickMove(enemy, rng).id;
}

function pickMove(enemy: EnemyCombatant, rng: Rng): EnemyMove {
  const total = enemy.moves.reduce((sum, m) => sum + (m.weight ?? 1), 0);
  let roll = rng.next() * total;
  for (const move of enemy.moves) {
    roll -= move.weight ?? 1;
    if (roll < 0) return move;
  }
  return enemy.moves[enemy.moves.length - 1] as EnemyMove;
}

function planIntents(state: BattleState, rng: Rng): void {
  for (const enemy of living(state.enemies)) enemy.intent = pickMove(enemy, rng).id;
}

function chooseTarget(state: BattleState, rule: TargetRule, rng: Rng): PlayerCombatant | undefined {
  const alive = living(state.players);
  if (alive.length === 0) return undefined;
  return rule === "random" ? alive[rng.int(alive.length)] : ruleTarget(alive, rule);
}

/** The target a deterministic rule picks among the living players (ties: the earlier seat). */
function ruleTarget(alive: PlayerCombatant[], rule: Exclude<TargetRule, "random">): PlayerCombatant | undefined {
  const best = (score: (p: PlayerCombatant) => number) => alive.reduce((a, b) => (score(b) > score(a) ? b : a));
  switch (rule) {
    case "lowest_hp":
      return best((p) => -p.hp);
    case "highest_attack":
      return best((p) => p.attack);
    case "first":
      return alive[0];
  }
}

/**
 * Whom an enemy's planned move would hit if it acted now, for the players' intent display:
 * every living player for an area move, "random" when the dice pick at the time, else the
 * player its target rule points at (it can change before its turn, as HP and buffs change).
 */
export function plannedTargets(state: BattleState, enemy: EnemyCombatant): string[] | "random" {
  const alive = living(state.players);
  if (enemy.hp <= 0 || alive.length === 0 || !enemy.intent) return [];
  const move = enemy.moves.find((m) => m.id === enemy.intent);
  if (move?.aoe) return alive.map((p) => p.id);
  if (enemy.target === "random") return "random";
  const target = ruleTarget(alive, enemy.target);
  return target ? [target.id] : [];
}

function enemyTurn(state: BattleState, enemy: EnemyCombatant, rng: Rng, events: BattleEvent[]): void {
  const move = enemy.moves.find((m) => m.id === enemy.intent) ?? pickMove(enemy, rng);
  const element = move.element ?? enemy.element;
  events.push({ type: "turn", actorId: enemy.id, round: state.round });
  if (move.aoe) {
    for (const target of living(state.players)) hit(enemy, target, move.power, element, move.id, rng, events);
  } else {
    const target = chooseTarget(state, enemy.target, rng);
    if (target) hit(enemy, target, move.power, element, move.id, rng, events);
  }
}

/** Ends the battle when a side is out; at victory, rolls each remaining player's gems and items. */
function checkEnd(state: BattleState, rng: Rng, events: BattleEvent[]): boolean {
  if (living(state.enemies).length === 0) {
    state.phase = "victory";
    state.currentTurn = "";
    for (const p of state.players.filter((p) => !p.left)) {
      let gems = 0;
      for (const drop of state.rewards.drops) if (rng.chance(drop.chance)) gems += drop.gems;
      state.drops[p.id] = { gems, items: rollLoot(lootTableFor(state.dungeonId), rng) };
    }
    events.push({ type: "victory", round: state.round });
    return true;
  }
  if (living(state.players).length === 0) {
    state.phase = "defeat";
    state.currentTurn = "";
    events.push({ type: "defeat", round: state.round });
    return true;
  }
  return false;
}

function advance(state: BattleState, rng: Rng, events: BattleEvent[]): void {
  state.turnIndex += 1;
  beginNextTurn(state, rng, events);
}

/** Runs enemy turns and round changes until a living player is up or the battle ends. */
function beginNextTurn(state: BattleState, rng: Rng, events: BattleEvent[]): void {
  for (;;) {
    if (checkEnd(state, rng, events)) return;
    if (state.turnIndex >= state.turnOrder.length) {
      state.round += 1;
      state.turnIndex = 0;
      planIntents(state, rng);
    }
    const id = state.turnOrder[state.turnIndex] as string;
    const player = state.players.find((p) => p.id === id);
    if (player) {
      if (player.hp > 0 && !player.left) {
        player.defending = false;
        state.currentTurn = player.id;
        events.push({ type: "turn", actorId: player.id, round: state.round });
        return;
      }
    } else {
      const enemy = state.enemies.find((e) => e.id === id);
      if (enemy && enemy.hp > 0) enemyTurn(state, enemy, rng, events);
    }
    state.turnIndex += 1;
  }
}
