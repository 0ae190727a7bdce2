import assert from "node:assert/strict";
import { battleView, toSeatIds } from "../../src/features/dungeons/battleModel.ts";

describe("battle view", () => {
  const state = {
    dungeonId: "slime_cave",
    phase: "battle",
    round: 2,
    currentTurn: "seatA",
    players: {
      seatA: {
        userId: "user-a",
        name: "alice",
        hp: 40,
        maxHp: 100,
        element: "fire",
        connected: true,
        ready: true,
        defending: false,
        skills: [{ id: "power_strike", cooldown: 2 }],
        items: [{ itemId: "health_potion", name: "Health Potion", quantity: 3 }],
      },
    },
    enemies: { e1: { id: "e1", enemyId: "slime", name: "Slime", hp: 0, maxHp: 30, element: "water" } },
    log: ["Round 1"],
    spectators: 4,
  };

  it("when the room state has maps keyed by seat, then fighters are listed with seat ids, skills and cooldowns", () => {
    const view = battleView(state);
    assert.equal(view.phase, "battle");
    assert.equal(view.spectators, 4);
    assert.deepEqual(
      view.players.map((p) => [p.id, p.userId, p.skills, p.cooldowns, p.items[0]?.quantity]),
      [["seatA", "user-a", ["power_strike"], { power_strike: 2 }, 3]],
    );
    assert.deepEqual(
      view.enemies.map((e) => [e.id, e.enemyId, e.hp]),
      [["e1", "slime", 0]],
    );
  });

  it("when the phase is one the screen does not know, then it shows the lobby", () => {
    assert.equal(battleView({ ...state, phase: "draining" }).phase, "waiting");
  });

  it("when an event names a player by user id, then it is rewritten to their seat and enemies stay as they are", () => {
    const players = battleView(state).players;
    const event = toSeatIds(
      {
        type: "damage",
        sourceId: "user-a",
        targetId: "e1",
        amount: 7,
        hp: 23,
        crit: false,
        multiplier: 1,
        with: "attack",
      },
      players,
    );
    assert.deepEqual(
      [event.type === "damage" && event.sourceId, event.type === "damage" && event.targetId],
      ["seatA", "e1"],
    );
  });
});
