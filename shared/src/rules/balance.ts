import { DUNGEONS, type DungeonDef } from "../content/dungeons.ts";
import { enemyById } from "../content/enemies.ts";
import { itemById } from "../content/items.ts";
import { skillById, skillsFor } from "../content/skills.ts";
import { Rng, seedRng } from "../rng/mulberry32.ts";
import { applyAction, createBattle } from "./combat/engine.ts";
import type { BattleAction, BattleState, PartyMember, PlayerCombatant } from "./combat/types.ts";
import { baseStats } from "./stats.ts";

/**
 * Balance by simulation: scripted parties play each dungeon many times with the real engine.
 * The targets (README, "Balance"): a solo player at a dungeon's required level wins its normal
 * (boss-free) dungeons at least SOLO_NORMAL_TARGET of the time; a boss dungeon is lost solo more
 * often than not and won by a party of four at least PARTY_BOSS_TARGET of the time.
 */
export const SOLO_NORMAL_TARGET = 0.7;
export const SOLO_BOSS_LIMIT = 0.5;
export const PARTY_BOSS_TARGET = 0.7;

/** How many health potions the scripted players bring (they cost 25 coins each in the shop). */
export const SIM_POTIONS = 2;

/** A player as a new one arrives at the dungeon: the required level, no gear, a few potions. */
export function scriptedMember(index: number, level: number): PartyMember {
  const s = baseStats(level);
  const potion = itemById("health_potion");
  return {
    id: `p${index + 1}`,
    name: `p${index + 1}`,
    level,
    element: "neutral",
    stats: { maxHp: s.maxHp, attack: s.attack, defense: s.defense, speed: s.speed, critChance: s.critChance },
    skills: skillsFor(level, "neutral"),
    items: potion?.effect
      ? [{ itemId: potion.id, name: potion.name, quantity: SIM_POTIONS, effect: potion.effect }]
      : [],
  };
}

const ready = (p: PlayerCombatant, id: string) => p.skills.includes(id) && (p.cooldowns[id] ?? 0) === 0;

/**
 * The scripted player's choice: heal itself or an ally when low, a potion when it cannot, an
 * area skill against several enemies, the strongest ready skill, else a plain attack — always
 * on the weakest living enemy.
 */
export function scriptedAction(state: BattleState, me: PlayerCombatant): BattleAction {
  const enemies = state.enemies.filter((e) => e.hp > 0);
  const weakest = enemies.reduce((a, b) => (b.hp < a.hp ? b : a));
  const skills = me.skills.map((id) => skillById(id)).filter((s) => s !== undefined && ready(me, s.id));
  const low = (p: PlayerCombatant) => p.hp > 0 && !p.left && p.hp < p.maxHp * 0.35;
  const healer = skills.find((s) => s?.healShare && (s.target === "self" || s.target === "ally"));
  if (low(me) && healer) return { actorId: me.id, action: "skill", skillId: healer.id, targetId: me.id };
  if (low(me) && (me.items.health_potion?.quantity ?? 0) > 0)
    return { actorId: me.id, action: "item", itemId: "health_potion" };
  const ally = state.players.find((p) => p.id !== me.id && low(p));
  const allyHealer = skills.find((s) => s?.healShare && s.target === "ally");
  if (ally && allyHealer) return { actorId: me.id, action: "skill", skillId: allyHealer.id, targetId: ally.id };
  const area = skills.find((s) => s?.target === "all_enemies");
  if (area && enemies.length > 1) return { actorId: me.id, action: "skill", skillId: area.id };
  const strike = skills.filter((s) => s?.target === "enemy").sort((a, b) => (b?.power ?? 0) - (a?.power ?? 0))[0];
  if (strike) return { actorId: me.id, action: "skill", skillId: strike.id, targetId: weakest.id };
  return { actorId: me.id, action: "attack", targetId: weakest.id };
}

/** One battle of `party` in `dungeon`, played to its end by the script; true on victory. */
export function playScripted(dungeon: DungeonDef, party: PartyMember[], seed: number): boolean {
  const enemies = dungeon.enemies.map((id) => {
    const e = enemyById(id);
    if (!e) throw new Error(`unknown enemy ${id}`);
    return e;
  });
  let { state } = createBattle({ dungeon, enemies, party, seed });
  for (let steps = 0; state.phase === "battle" && steps < 2_000; steps++) {
    const me = state.players.find((p) => p.id === state.currentTurn);
    if (!me) break;
    const chosen = applyAction(state, scriptedAction(state, me));
    const result = chosen.ok ? chosen : applyAction(state, { actorId: me.id, action: "attack" });
    if (!result.ok) throw new Error(`the script was refused: ${result.code}`);
    state = result.state;
  }
  return state.phase === "victory";
}

export interface WinRate {
  dungeonId: string;
  boss: boolean;
  partySize: number;
  level: number;
  runs: number;
  wins: number;
  rate: number;
}

/** Win rates of scripted parties of each size at each dungeon's required level, from one seed. */
export function balanceReport(runs: number, seed: number, sizes: readonly number[] = [1, 2, 4]): WinRate[] {
  const rng = new Rng(seedRng(seed));
  const rows: WinRate[] = [];
  for (const dungeon of DUNGEONS) {
    const boss = dungeon.enemies.some((id) => enemyById(id)?.boss);
    for (const partySize of sizes) {
      const party = Array.from({ length: partySize }, (_, i) => scriptedMember(i, dungeon.requiredLevel));
      let wins = 0;
      for (let r = 0; r < runs; r++) if (playScripted(dungeon, party, rng.int(0x7fffffff))) wins += 1;
      rows.push({
        dungeonId: dungeon.id,
        boss,
        partySize,
        level: dungeon.requiredLevel,
        runs,
        wins,
        rate: wins / runs,
      });
    }
  }
  return rows;
}
