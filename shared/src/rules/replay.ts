import { dungeonById } from "../content/dungeons.ts";
import { type EnemyDef, enemyById } from "../content/enemies.ts";
import { applyAction, type BattleSetup, createBattle } from "./combat/engine.ts";
import type { BattleAction, BattleEvent, BattlePhase, BattleState, PartyMember } from "./combat/types.ts";

/**
 * The end of a battle, reduced to what a replay must reproduce: who is standing with how many hit
 * points, the round, the number of accepted actions and the rolled drops. Stored with the battle
 * when it is settled; a replay that ends anywhere else has diverged.
 */
export interface BattleOutcome {
  phase: BattlePhase;
  round: number;
  actionCount: number;
  /** In the battle's turn order. */
  players: { id: string; hp: number; left: boolean }[];
  enemies: { id: string; hp: number }[];
  /** Gems rolled at victory per player id (empty on defeat). */
  drops: Record<string, { gems: number }>;
}

/** The outcome of a battle state (any state; a finished one is what gets stored). */
export function outcomeOf(state: BattleState): BattleOutcome {
  return {
    phase: state.phase,
    round: state.round,
    actionCount: state.actionCount,
    players: state.players.map((p) => ({ id: p.id, hp: p.hp, left: p.left })),
    enemies: state.enemies.map((e) => ({ id: e.id, hp: e.hp })),
    drops: Object.fromEntries(
      Object.entries(state.drops)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([id, d]) => [id, { gems: d.gems }]),
    ),
  };
}

/** Whether two outcomes are the same end of battle (field order does not matter). */
export function sameOutcome(a: BattleOutcome, b: BattleOutcome): boolean {
  return canonical(outcomeFields(a)) === canonical(outcomeFields(b));
}

function outcomeFields(o: BattleOutcome): BattleOutcome {
  return {
    phase: o.phase,
    round: o.round,
    actionCount: o.actionCount,
    players: o.players.map((p) => ({ id: p.id, hp: p.hp, left: p.left })),
    enemies: o.enemies.map((e) => ({ id: e.id, hp: e.hp })),
    drops: Object.fromEntries(Object.entries(o.drops).map(([id, d]) => [id, { gems: d.gems }])),
  };
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** One point of a replay: the battle after `action` (none for the start) and what it caused. */
export interface ReplayFrame {
  action?: BattleAction;
  state: BattleState;
  events: BattleEvent[];
}

/**
 * Every state of a battle from its start through each logged action: frame 0 is the start, frame
 * i the battle after action i. Throws if an action is refused (a log that does not belong to this
 * setup). Pure: the same setup and log always give the same frames.
 */
export function replayFrames(setup: BattleSetup, actions: readonly BattleAction[]): ReplayFrame[] {
  const start = createBattle(setup);
  const frames: ReplayFrame[] = [{ state: start.state, events: start.events }];
  let state = start.state;
  for (const [i, action] of actions.entries()) {
    const step = applyAction(state, action);
    if (!step.ok) throw new Error(`action ${i} cannot be replayed: ${step.code}`);
    state = step.state;
    frames.push({ action, state, events: step.events });
  }
  return frames;
}

/** The dungeon and enemies a stored battle was fought in, from content; throws for an unknown id. */
export function battleSetupOf(input: { dungeonId: string; seed: number; party: PartyMember[] }): BattleSetup {
  const dungeon = dungeonById(input.dungeonId);
  if (!dungeon) throw new Error(`unknown dungeon ${input.dungeonId}`);
  const enemies: EnemyDef[] = dungeon.enemies.map((id) => {
    const enemy = enemyById(id);
    if (!enemy) throw new Error(`dungeon ${dungeon.id} names unknown enemy ${id}`);
    return enemy;
  });
  return { dungeon, enemies, party: input.party, seed: input.seed };
}

/**
 * A stored battle as anyone may see it: user ids become seat ids (`p1`…`p4`, in join order) in the
 * party, the log and the outcome, and each player carries only the consumables the log uses (as
 * many as it uses), so the replay shows nothing of an inventory. The engine gives the same battle:
 * ids are only keys, and a logged item action only needs one item left.
 */
export function publicReplay(input: { party: PartyMember[]; actions: BattleAction[]; outcome: BattleOutcome }): {
  party: PartyMember[];
  actions: BattleAction[];
  outcome: BattleOutcome;
} {
  const seat = new Map(input.party.map((m, i) => [m.id, `p${i + 1}`]));
  const mapId = (id: string) => seat.get(id) ?? id;
  const used = new Map<string, number>();
  for (const a of input.actions) {
    if (a.action === "item" && a.itemId) {
      const key = `${a.actorId}\n${a.itemId}`;
      used.set(key, (used.get(key) ?? 0) + 1);
    }
  }
  const party = input.party.map((m) => ({
    id: mapId(m.id),
    name: m.name,
    level: m.level,
    element: m.element,
    stats: { ...m.stats },
    skills: [...m.skills],
    items: m.items.flatMap((i) => {
      const quantity = used.get(`${m.id}\n${i.itemId}`) ?? 0;
      return quantity > 0 ? [{ itemId: i.itemId, name: i.name, quantity, effect: structuredClone(i.effect) }] : [];
    }),
  }));
  const actions = input.actions.map((a) => {
    const mapped: BattleAction = { actorId: mapId(a.actorId), action: a.action };
    if (a.targetId !== undefined) mapped.targetId = mapId(a.targetId);
    if (a.skillId !== undefined) mapped.skillId = a.skillId;
    if (a.itemId !== undefined) mapped.itemId = a.itemId;
    if (a.auto !== undefined) mapped.auto = a.auto;
    return mapped;
  });
  const o = input.outcome;
  const outcome: BattleOutcome = {
    ...o,
    players: o.players.map((p) => ({ ...p, id: mapId(p.id) })),
    drops: Object.fromEntries(Object.entries(o.drops).map(([id, d]) => [mapId(id), { gems: d.gems }])),
  };
  return { party, actions, outcome };
}
