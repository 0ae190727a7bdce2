import assert from "node:assert/strict";
import fc from "fast-check";
import { DUNGEONS, type DungeonDef, dungeonById } from "../../content/dungeons.ts";
import { type EnemyDef, enemyById } from "../../content/enemies.ts";
import { skillsFor } from "../../content/skills.ts";
import { nextFloat } from "../../rng/mulberry32.ts";
import { baseDamage, damageOf } from "./damage.ts";
import type { Element } from "../stats.ts";
import { typeMultiplier } from "./elements.ts";
import { applyAction, type BattleSetup, createBattle, plannedTargets, replayBattle } from "./engine.ts";
import type { BattleAction, BattleEvent, BattleState, PartyMember } from "./types.ts";

function member(id: string, over: Partial<PartyMember> = {}, stats: Partial<PartyMember["stats"]> = {}): PartyMember {
  const element = over.element ?? "neutral";
  return {
    id,
    name: id,
    level: 1,
    element,
    stats: { maxHp: 100, attack: 10, defense: 10, speed: 10, critChance: 0, ...stats },
    skills: skillsFor(over.level ?? 1, element),
    items: [
      { itemId: "potion", name: "Potion", quantity: 2, effect: { heal: 30 } },
      { itemId: "tonic", name: "Tonic", quantity: 1, effect: { buff: { attack: 10, turns: 1 } } },
      { itemId: "feather", name: "Feather", quantity: 1, effect: { revive: { hpPercent: 50 } } },
    ],
    ...over,
  };
}

const dummy = (over: Partial<EnemyDef> = {}): EnemyDef => ({
  id: "dummy",
  name: "Dummy",
  element: "neutral",
  hp: 200,
  attack: 10,
  defense: 10,
  speed: 1,
  critChance: 0,
  target: "first",
  moves: [{ id: "poke", name: "Poke", power: 10 }],
  ...over,
});

function setupWith(party: PartyMember[], enemies: EnemyDef[], seed = 1): BattleSetup {
  const dungeon = dungeonById("slime_cave") as DungeonDef;
  return { dungeon, enemies, party, seed };
}

function must(state: BattleState, action: BattleAction): { state: BattleState; events: BattleEvent[] } {
  const r = applyAction(state, action);
  if (!r.ok) throw new Error(`refused: ${r.code} ${r.message}`);
  return r;
}

describe("combat: element chart", () => {
  const table: [Element, Element, number][] = [
    ["fire", "fire", 1],
    ["fire", "grass", 2],
    ["fire", "water", 0.5],
    ["grass", "fire", 0.5],
    ["grass", "grass", 1],
    ["grass", "water", 2],
    ["water", "fire", 2],
    ["water", "grass", 0.5],
    ["water", "water", 1],
  ];
  for (const [a, d, m] of table) {
    it(`when ${a} hits ${d}, then the multiplier is ${m}`, () => assert.equal(typeMultiplier(a, d), m));
  }
  it("when neutral is on either side, then the multiplier is 1", () => {
    for (const e of ["fire", "grass", "water", "neutral"] as const) {
      assert.equal(typeMultiplier("neutral", e), 1);
      assert.equal(typeMultiplier(e, "neutral"), 1);
    }
  });
});

describe("combat: damage formula", () => {
  const rows: [
    power: number,
    atk: number,
    def: number,
    mult: number,
    crit: boolean,
    defending: boolean,
    want: number,
  ][] = [
    [10, 10, 10, 1, false, false, 10],
    [10, 15, 10, 1, false, false, 15],
    [10, 10, 20, 1, false, false, 5],
    [10, 10, 10, 2, false, false, 20],
    [10, 10, 10, 0.5, false, false, 5],
    [10, 10, 10, 1, true, false, 15],
    [10, 10, 10, 2, true, false, 30],
    [10, 10, 10, 1, false, true, 5],
    [10, 10, 10, 2, true, true, 15],
    [1, 1, 100, 0.5, false, true, 1],
    [14, 7, 9, 1, false, false, 11],
  ];
  for (const [power, attack, defense, m, crit, defending, want] of rows) {
    it(`when power ${power}, attack ${attack}, defense ${defense}, ×${m}${crit ? ", crit" : ""}${defending ? ", defending" : ""}, then ${want}`, () => {
      assert.equal(damageOf({ power, attack, defense, typeMultiplier: m, crit, defending }), want);
    });
  }
  it("when the ratio rounds to zero, then baseDamage is at least 1", () => assert.equal(baseDamage(1, 1, 50), 1));
});

describe("combat: turns", () => {
  it("when a battle starts, then players go by speed (ties by join order) and enemies after them", () => {
    const party = [member("a", {}, { speed: 5 }), member("b", {}, { speed: 9 }), member("c", {}, { speed: 5 })];
    const { state, events } = createBattle(setupWith(party, [dummy({ speed: 1 }), dummy({ speed: 50 })]));
    assert.deepEqual(state.turnOrder, ["b", "a", "c", "e2", "e1"]);
    assert.equal(state.currentTurn, "b");
    assert.deepEqual(events, [{ type: "turn", actorId: "b", round: 1 }]);
  });

  it("when a player acts out of turn, then it is refused and nothing changes", () => {
    const { state } = createBattle(setupWith([member("a"), member("b")], [dummy()]));
    const before = structuredClone(state);
    const r = applyAction(state, { actorId: "b", action: "attack" });
    assert.equal(r.ok, false);
    assert.equal(r.ok ? "" : r.code, "NOT_YOUR_TURN");
    assert.deepEqual(state, before);
  });

  it("when every player acted, then each living enemy acts and the next round starts", () => {
    const { state } = createBattle(setupWith([member("a"), member("b")], [dummy()]));
    const r1 = must(state, { actorId: "a", action: "defend" });
    const r2 = must(r1.state, { actorId: "b", action: "attack", targetId: "e1" });
    assert.equal(r2.state.round, 2);
    assert.equal(r2.state.currentTurn, "a");
    const types = r2.events.map((e) => e.type);
    assert.deepEqual(types, ["damage", "turn", "damage", "turn"]);
  });

  it("when the last enemy falls, then it is a victory and drops are rolled for the party", () => {
    const { state } = createBattle(setupWith([member("a", {}, { attack: 100 })], [dummy({ hp: 20 })]));
    const r = must(state, { actorId: "a", action: "attack" });
    assert.equal(r.state.phase, "victory");
    assert.equal(r.state.currentTurn, "");
    assert.deepEqual(Object.keys(r.state.drops), ["a"]);
    assert.deepEqual(r.events.at(-1), { type: "victory", round: 1 });
    assert.equal(applyAction(r.state, { actorId: "a", action: "attack" }).ok, false);
  });

  it("when every player faints, then it is a defeat", () => {
    const { state } = createBattle(setupWith([member("a", {}, { maxHp: 5 })], [dummy({ attack: 50 })]));
    const r = must(state, { actorId: "a", action: "attack" });
    assert.equal(r.state.phase, "defeat");
    assert.deepEqual(r.events.at(-1), { type: "defeat", round: 1 });
  });

  it("when the only player leaves, then it is a defeat; a leaver is not rewarded", () => {
    const { state } = createBattle(setupWith([member("a"), member("b", {}, { attack: 100 })], [dummy({ hp: 20 })]));
    const left = must(state, { actorId: "a", action: "leave" });
    assert.equal(left.state.currentTurn, "b");
    const won = must(left.state, { actorId: "b", action: "attack" });
    assert.deepEqual(Object.keys(won.state.drops), ["b"]);
    const solo = createBattle(setupWith([member("a")], [dummy()])).state;
    assert.equal(must(solo, { actorId: "a", action: "leave" }).state.phase, "defeat");
  });
});

describe("combat: crits, defend, skills, items", () => {
  /** A generator state whose next draw is below (or not below) 0.1. */
  function rngWhere(crit: boolean) {
    for (let s = 0; ; s++) if (nextFloat({ s })[0] < 0.1 === crit) return { s };
  }

  it("when the fixed generator draws under the 10% crit chance, then the hit is ×1.5; otherwise not", () => {
    const { state } = createBattle(setupWith([member("a", {}, { critChance: 0.1 })], [dummy()]));
    const crit = must({ ...state, rng: rngWhere(true) }, { actorId: "a", action: "attack" });
    const plain = must({ ...state, rng: rngWhere(false) }, { actorId: "a", action: "attack" });
    assert.deepEqual(crit.events[0], {
      type: "damage",
      sourceId: "a",
      targetId: "e1",
      amount: 15,
      hp: 185,
      crit: true,
      multiplier: 1,
      with: "attack",
    });
    assert.equal(plain.events[0]?.type === "damage" && plain.events[0].amount, 10);
  });

  it("when a player defends, then the enemy's next hit is halved until that player's next turn", () => {
    const { state } = createBattle(setupWith([member("a")], [dummy()]));
    const defended = must(state, { actorId: "a", action: "defend" });
    assert.deepEqual(defended.events.slice(0, 1), [{ type: "defend", actorId: "a", auto: false }]);
    const hitWhileDefending = defended.events.find((e) => e.type === "damage");
    assert.equal(hitWhileDefending?.type === "damage" && hitWhileDefending.amount, 5);
    assert.equal(defended.state.players[0]?.defending, false, "cleared at the player's next turn");
    const attacked = must(defended.state, { actorId: "a", action: "attack" });
    const hitAfter = attacked.events.filter((e) => e.type === "damage").at(-1);
    assert.equal(hitAfter?.type === "damage" && hitAfter.amount, 10);
  });

  it("when a skill is used, then it cools down for its number of own turns", () => {
    const { state } = createBattle(setupWith([member("a")], [dummy({ hp: 1000 })]));
    const used = must(state, { actorId: "a", action: "skill", skillId: "power_strike", targetId: "e1" });
    const dmg = used.events[0];
    assert.equal(dmg?.type === "damage" && dmg.amount, 16);
    assert.equal(used.state.players[0]?.cooldowns.power_strike, 2);
    const again = applyAction(used.state, { actorId: "a", action: "skill", skillId: "power_strike" });
    assert.equal(again.ok ? "" : again.message, "That skill is cooling down");
    const t2 = must(used.state, { actorId: "a", action: "attack" });
    assert.equal(t2.state.players[0]?.cooldowns.power_strike, 1);
    assert.equal(applyAction(t2.state, { actorId: "a", action: "skill", skillId: "power_strike" }).ok, false);
    const t3 = must(t2.state, { actorId: "a", action: "defend" });
    assert.equal(applyAction(t3.state, { actorId: "a", action: "skill", skillId: "power_strike" }).ok, true);
  });

  it("when a player has a level and weapon element, then they get at least 3 skills of that element", () => {
    for (const e of ["fire", "grass", "water", "neutral"] as const) {
      assert.ok(skillsFor(1, e).length >= 3);
      assert.ok(skillsFor(20, e).length > skillsFor(1, e).length);
    }
    assert.ok(skillsFor(1, "fire").includes("ember"));
    assert.ok(!skillsFor(1, "fire").includes("splash"));
  });

  it("when a player lacks a skill, then it is refused", () => {
    const { state } = createBattle(setupWith([member("a", { element: "fire" })], [dummy()]));
    assert.equal(applyAction(state, { actorId: "a", action: "skill", skillId: "splash" }).ok, false);
    assert.equal(applyAction(state, { actorId: "a", action: "skill", skillId: "nope" }).ok, false);
  });

  it("when a healing item is used, then it heals and one is consumed; none left is refused", () => {
    const { state } = createBattle(setupWith([member("a")], [dummy()]));
    const hurt = { ...state, players: state.players.map((p) => ({ ...p, hp: 50 })) };
    const r = must(hurt, { actorId: "a", action: "item", itemId: "potion" });
    assert.deepEqual(r.events[0], { type: "heal", sourceId: "a", targetId: "a", amount: 30, hp: 80, with: "potion" });
    assert.equal(r.state.players[0]?.items.potion?.quantity, 1);
    const r2 = must(r.state, { actorId: "a", action: "item", itemId: "potion" });
    assert.equal(applyAction(r2.state, { actorId: "a", action: "item", itemId: "potion" }).ok, false);
  });

  it("when an item id names a member every object inherits (constructor, __proto__), then it is refused, not thrown", () => {
    const { state } = createBattle(setupWith([member("a")], [dummy()]));
    for (const itemId of ["constructor", "__proto__", "toString", "hasOwnProperty"]) {
      const r = applyAction(state, { actorId: "a", action: "item", itemId });
      assert.equal(r.ok, false, itemId);
      assert.equal(!r.ok && r.code, "INVALID_ACTION");
    }
  });

  it("when a potion would heal nobody (full HP), then it is refused and kept; with a buff it still works", () => {
    const { state } = createBattle(setupWith([member("a"), member("b")], [dummy()]));
    const r = applyAction(state, { actorId: "a", action: "item", itemId: "potion" });
    assert.deepEqual(r.ok ? "accepted" : r.code, "INVALID_ACTION");
    assert.equal(applyAction(state, { actorId: "a", action: "item", itemId: "potion", targetId: "b" }).ok, false);
    assert.equal(state.players[0]?.items.potion?.quantity, 2);
    const hurtAlly = { ...state, players: state.players.map((p) => (p.id === "b" ? { ...p, hp: 40 } : p)) };
    assert.equal(
      must(hurtAlly, { actorId: "a", action: "item", itemId: "potion", targetId: "b" }).state.players[1]?.hp,
      70,
    );
    const tonicHeal = member("c", {
      items: [{ itemId: "elixir", name: "Elixir", quantity: 1, effect: { heal: 10, buff: { attack: 5, turns: 1 } } }],
    });
    const full = createBattle(setupWith([tonicHeal], [dummy()])).state;
    assert.equal(must(full, { actorId: "c", action: "item", itemId: "elixir" }).state.players[0]?.attack, 15);
  });

  it("when an attack buff is taken, then it adds to the next own turn's hits and then wears off", () => {
    const { state } = createBattle(setupWith([member("a")], [dummy({ hp: 1000 })]));
    const r = must(state, { actorId: "a", action: "item", itemId: "tonic" });
    assert.equal(r.state.players[0]?.attack, 20);
    const hit = must(r.state, { actorId: "a", action: "attack" });
    assert.equal(hit.events[0]?.type === "damage" && hit.events[0].amount, 20);
    assert.equal(hit.state.players[0]?.attack, 10);
  });

  it("when a revive item is used on a fallen ally, then they are back with that share of HP", () => {
    const { state } = createBattle(setupWith([member("a"), member("b")], [dummy()]));
    const fallen = { ...state, players: state.players.map((p) => (p.id === "b" ? { ...p, hp: 0 } : p)) };
    assert.equal(applyAction(fallen, { actorId: "a", action: "item", itemId: "feather", targetId: "a" }).ok, false);
    const r = must(fallen, { actorId: "a", action: "item", itemId: "feather", targetId: "b" });
    assert.equal(r.state.players[1]?.hp, 50);
  });
});

describe("combat: enemies", () => {
  it("when players look at an enemy's plan, then they see whom it would hit: its rule's pick, everyone, or the dice", () => {
    const party = [member("a", {}, { attack: 5 }), member("b", {}, { attack: 30 })];
    const strong = dummy({ target: "highest_attack" });
    const sweeper = dummy({ id: "sweeper", moves: [{ id: "sweep", name: "Sweep", power: 5, aoe: true }] });
    const gambler = dummy({ id: "gambler", target: "random" });
    const { state } = createBattle(setupWith(party, [strong, sweeper, gambler]));
    const [e1, e2, e3] = state.enemies;
    assert.deepEqual(plannedTargets(state, e1!), ["b"]);
    assert.deepEqual(plannedTargets(state, e2!), ["a", "b"]);
    assert.equal(plannedTargets(state, e3!), "random");
    assert.deepEqual(plannedTargets(state, { ...e1!, hp: 0 }), []);
  });

  it("when an enemy targets the lowest HP, then it hits the weakest living player", () => {
    const party = [member("a"), member("b", {}, { maxHp: 60 }), member("c")];
    const { state } = createBattle(setupWith(party, [dummy({ target: "lowest_hp" })]));
    let s = state;
    for (const id of ["a", "b", "c"]) s = must(s, { actorId: id, action: "defend" }).state;
    assert.equal(s.players.find((p) => p.id === "b")?.hp, 55);
  });

  it("when an enemy targets the highest attack, then it hits the strongest player", () => {
    const party = [member("a"), member("b", {}, { attack: 30 })];
    const { state } = createBattle(setupWith(party, [dummy({ target: "highest_attack" })]));
    const s = must(must(state, { actorId: "a", action: "defend" }).state, { actorId: "b", action: "defend" }).state;
    assert.equal(s.players.find((p) => p.id === "b")?.hp, 95);
    assert.equal(s.players.find((p) => p.id === "a")?.hp, 100);
  });

  it("when a boss falls below a phase threshold, then it enters that phase: stronger, new targets and moves", () => {
    const kraken = enemyById("kraken") as EnemyDef;
    const { state } = createBattle(setupWith([member("a", {}, { attack: 375 })], [{ ...kraken, hp: 420 }]));
    const r = must(state, { actorId: "a", action: "attack" });
    assert.deepEqual(
      r.events.find((e) => e.type === "phase"),
      { type: "phase", enemyId: "e1", phase: 1, name: "Riptide" },
    );
    const boss = r.state.enemies[0];
    assert.equal(boss?.phase, 1);
    assert.equal(boss?.attack, Math.round(kraken.attack * 1.25));
    assert.equal(boss?.target, "lowest_hp");
    assert.deepEqual(
      boss?.moves.map((m) => m.id),
      ["whirlpool", "tentacle"],
    );
  });

  it("when a boss drops past two thresholds at once, then it enters both phases in order", () => {
    const dragon = enemyById("ash_dragon") as EnemyDef;
    const { state } = createBattle(setupWith([member("a", {}, { attack: 1760 })], [{ ...dragon, hp: 1000 }]));
    const r = must(state, { actorId: "a", action: "attack" });
    const phases = r.events.filter((e) => e.type === "phase").map((e) => (e.type === "phase" ? e.name : ""));
    assert.deepEqual(phases, ["Smoulder", "Inferno"]);
  });
});

describe("combat: replay", () => {
  /** Plays a random battle: each step picks one of the actions the engine accepts. */
  function play(setup: BattleSetup, choices: number[]): { state: BattleState; log: BattleAction[] } {
    let { state } = createBattle(setup);
    const log: BattleAction[] = [];
    for (const choice of choices) {
      if (state.phase !== "battle") break;
      const me = state.players.find((p) => p.id === state.currentTurn);
      if (!me) break;
      const enemies = state.enemies.filter((e) => e.hp > 0);
      const options: BattleAction[] = [
        { actorId: me.id, action: "attack", targetId: enemies[choice % enemies.length]?.id },
        { actorId: me.id, action: "defend", auto: choice % 7 === 0 },
        ...me.skills.map((skillId) => ({
          actorId: me.id,
          action: "skill" as const,
          skillId,
          targetId: enemies[0]?.id,
        })),
        { actorId: me.id, action: "item", itemId: "potion" },
      ];
      if (choice % 97 === 1)
        options.push({ actorId: state.players[choice % state.players.length]?.id ?? "", action: "leave" });
      const action = options[choice % options.length] as BattleAction;
      const r = applyAction(state, action);
      if (!r.ok) continue;
      state = r.state;
      log.push(action);
    }
    return { state, log };
  }

  it("when any of 100 random battles is replayed from seed, party and log, then it ends in the same state", () => {
    fc.assert(
      fc.property(
        fc.nat({ max: 0xffffffff }),
        fc.integer({ min: 1, max: 4 }),
        fc.nat({ max: DUNGEONS.length - 1 }),
        fc.array(fc.nat({ max: 1000 }), { minLength: 1, maxLength: 200 }),
        fc.constantFrom<Element>("fire", "grass", "water", "neutral"),
        (seed, size, d, choices, element) => {
          const dungeon = DUNGEONS[d] as DungeonDef;
          const party = Array.from({ length: size }, (_, i) =>
            member(
              `p${i}`,
              { element, level: 1 + ((seed + i) % 20) },
              { speed: 5 + ((seed >> i) % 4), critChance: 0.1, attack: 12, maxHp: 120 },
            ),
          );
          const setup: BattleSetup = {
            dungeon,
            enemies: dungeon.enemies.map((id) => enemyById(id) as EnemyDef),
            party,
            seed,
          };
          const played = play(setup, choices);
          const stored = JSON.parse(JSON.stringify({ setup, log: played.log }));
          assert.deepEqual(replayBattle(stored.setup, stored.log), played.state);
        },
      ),
      { numRuns: 100 },
    );
  });

  it("when the same seed and actions are replayed twice, then even the crits and targets match", () => {
    const dungeon = dungeonById("ember_mines") as DungeonDef;
    const setup: BattleSetup = {
      dungeon,
      enemies: dungeon.enemies.map((id) => enemyById(id) as EnemyDef),
      party: [member("a", {}, { critChance: 0.5 }), member("b", {}, { critChance: 0.5 })],
      seed: 99,
    };
    const log: BattleAction[] = [];
    let { state } = createBattle(setup);
    while (state.phase === "battle" && log.length < 40) {
      const action: BattleAction = { actorId: state.currentTurn, action: "attack" };
      state = must(state, action).state;
      log.push(action);
    }
    assert.deepEqual(replayBattle(setup, log), state);
    assert.notDeepEqual(replayBattle({ ...setup, seed: 100 }, log.slice(0, 3)), replayBattle(setup, log.slice(0, 3)));
  });
});
