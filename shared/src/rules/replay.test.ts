import assert from "node:assert/strict";
import { DUNGEONS } from "../content/dungeons.ts";
import { itemCatalogue } from "../content/items.ts";
import { skillsFor } from "../content/skills.ts";
import { Rng, seedRng } from "../rng/mulberry32.ts";
import { applyAction, createBattle, replayBattle } from "./combat/engine.ts";
import type { BattleAction, BattleState, PartyMember } from "./combat/types.ts";
import { battleSetupOf, outcomeOf, publicReplay, replayFrames, sameOutcome } from "./replay.ts";
import { elements } from "./stats.ts";

const CONSUMABLES = itemCatalogue.filter((i) => i.effect);

/** A random party member drawn from `rng`: any level, element, gear bonus and consumables. */
function randomMember(rng: Rng, index: number): PartyMember {
  const level = 1 + rng.int(30);
  const element = elements[rng.int(elements.length)] ?? "neutral";
  return {
    id: `00000000-0000-4000-8000-00000000000${index}`,
    name: `player${index}`,
    level,
    element,
    stats: {
      maxHp: 60 + rng.int(400),
      attack: 5 + rng.int(80),
      defense: 5 + rng.int(60),
      speed: 1 + rng.int(40),
      critChance: rng.int(50) / 100,
    },
    skills: skillsFor(level, element),
    items: CONSUMABLES.filter(() => rng.chance(0.6)).map((i) => ({
      itemId: i.id,
      name: i.name,
      quantity: 1 + rng.int(3),
      effect: i.effect ?? {},
    })),
  };
}

/** Every action the current player could try (some refused: dead targets, cooling skills, no items). */
function candidates(state: BattleState, rng: Rng): BattleAction[] {
  const actorId = state.currentTurn;
  const me = state.players.find((p) => p.id === actorId);
  if (!me) return [];
  const enemy = () => state.enemies[rng.int(state.enemies.length)]?.id;
  const ally = () => state.players[rng.int(state.players.length)]?.id;
  const list: BattleAction[] = [
    { actorId, action: "attack", targetId: enemy() },
    { actorId, action: "attack" },
    { actorId, action: "defend", auto: rng.chance(0.2) },
  ];
  for (const skillId of me.skills)
    list.push({ actorId, action: "skill", skillId, targetId: rng.chance(0.5) ? enemy() : ally() });
  for (const itemId of Object.keys(me.items)) list.push({ actorId, action: "item", itemId, targetId: ally() });
  return list;
}

/**
 * Plays one battle as a room would: random choices, refused ones skipped (they never reach the
 * log), now and then a player leaving out of turn, and the party giving up if it drags on.
 */
function playRandomBattle(seed: number) {
  const rng = new Rng(seedRng(seed));
  const party = Array.from({ length: 1 + rng.int(4) }, (_, i) => randomMember(rng, i + 1));
  const dungeon = DUNGEONS[rng.int(DUNGEONS.length)]!;
  const setup = battleSetupOf({ dungeonId: dungeon.id, seed: rng.int(2 ** 32), party });
  let { state } = createBattle(setup);
  const log: BattleAction[] = [];
  const accept = (action: BattleAction) => {
    const step = applyAction(state, action);
    if (!step.ok) return false;
    state = step.state;
    log.push(action);
    return true;
  };
  while (state.phase === "battle") {
    if (log.length > 60 || rng.chance(0.01)) {
      const quitter = state.players.find((p) => !p.left);
      if (quitter) accept({ actorId: quitter.id, action: "leave", auto: rng.chance(0.5) });
      continue;
    }
    const options = candidates(state, rng);
    let accepted = false;
    for (let tries = 0; tries < 8 && !accepted; tries++) accepted = accept(options[rng.int(options.length)]!);
    if (!accepted) assert.ok(accept({ actorId: state.currentTurn, action: "defend" }), "defend is always possible");
  }
  return { party, dungeonId: dungeon.id, seed: setup.seed, log, end: state };
}

/** What the database gives back: JSON in, JSON out. */
const stored = <T>(value: T): T => JSON.parse(JSON.stringify(value));

describe("replays: determinism over seeded random battles", function () {
  // CPU-bound (a few seconds on a quiet machine): the bound only guards a machine shared by many.
  this.timeout(180_000);
  it("when 1,000 random battles are replayed from their stored seed, party and log, then each ends exactly as it was played", () => {
    let victories = 0;
    let defeats = 0;
    let items = 0;
    for (let n = 0; n < 1000; n++) {
      const battle = playRandomBattle(0x5eed0000 + n);
      const row = stored({ dungeonId: battle.dungeonId, seed: battle.seed, party: battle.party, actions: battle.log });
      const outcome = stored(outcomeOf(battle.end));
      const replayed = replayBattle(battleSetupOf(row), row.actions);
      assert.ok(sameOutcome(outcomeOf(replayed), outcome), `battle ${n} diverged`);
      assert.deepEqual(replayed, battle.end, `battle ${n}: the whole state, generator included, is the same`);

      // What a signed-out visitor gets (seat ids, only the items used) replays to the same end too.
      const shown = stored(publicReplay({ party: row.party, actions: row.actions, outcome }));
      const frames = replayFrames(battleSetupOf({ ...row, party: shown.party }), shown.actions);
      assert.ok(sameOutcome(outcomeOf(frames.at(-1)!.state), shown.outcome), `public replay of battle ${n} diverged`);
      assert.equal(frames.length, row.actions.length + 1);

      if (battle.end.phase === "victory") victories++;
      if (battle.end.phase === "defeat") defeats++;
      items += row.actions.filter((a) => a.action === "item").length;
    }
    // The sample covers both endings and item use, or it proves little.
    assert.ok(victories > 50 && defeats > 50 && items > 50, JSON.stringify({ victories, defeats, items }));
  });

  it("when one action of a log is changed, then the replay ends elsewhere or is refused", () => {
    for (let n = 0; n < 50; n++) {
      const battle = playRandomBattle(0xd1ce0000 + n);
      const attack = battle.log.findIndex((a) => a.action === "attack");
      if (attack < 0) continue;
      const tampered = battle.log.map((a, i) => (i === attack ? { ...a, action: "defend" as const } : a));
      let diverged = true;
      try {
        const end = replayBattle(battleSetupOf({ ...battle, party: battle.party }), tampered);
        diverged =
          !sameOutcome(outcomeOf(end), outcomeOf(battle.end)) || JSON.stringify(end) !== JSON.stringify(battle.end);
      } catch {
        diverged = true;
      }
      assert.ok(diverged, `battle ${n}: a changed log must not pass as the stored one`);
    }
  });

  it("when the public replay is built, then no user id and no unused item is left in it", () => {
    const battle = playRandomBattle(42);
    const shown = publicReplay({ party: battle.party, actions: battle.log, outcome: outcomeOf(battle.end) });
    const text = JSON.stringify(shown);
    for (const m of battle.party) assert.ok(!text.includes(m.id), "user ids are replaced by seat ids");
    assert.deepEqual(
      shown.party.map((m) => m.id),
      battle.party.map((_, i) => `p${i + 1}`),
    );
    for (const m of shown.party)
      for (const i of m.items)
        assert.equal(
          i.quantity,
          shown.actions.filter((a) => a.actorId === m.id && a.action === "item" && a.itemId === i.itemId).length,
        );
  });

  it("when two outcomes differ in one hit point, then they are not the same", () => {
    const battle = playRandomBattle(7);
    const a = outcomeOf(battle.end);
    const b = structuredClone(a);
    b.enemies[0]!.hp += 1;
    assert.ok(sameOutcome(a, structuredClone(a)));
    assert.ok(!sameOutcome(a, b));
  });
});
