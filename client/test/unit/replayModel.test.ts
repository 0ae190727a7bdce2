import assert from "node:assert/strict";
import { battleSetupOf, replayFrames } from "@levelup/shared/rules/replay";
import { skillsFor } from "@levelup/shared/content/skills";
import { nextFrame, replayView } from "../../src/features/replays/replayModel.ts";

describe("replay model", () => {
  const party = [
    {
      id: "p1",
      name: "ada",
      level: 3,
      element: "fire" as const,
      stats: { maxHp: 120, attack: 14, defense: 12, speed: 12, critChance: 0.1 },
      skills: skillsFor(3, "fire"),
      items: [],
    },
  ];
  const frames = replayFrames(battleSetupOf({ dungeonId: "slime_cave", seed: 7, party }), [
    { actorId: "p1", action: "attack" },
    { actorId: "p1", action: "defend" },
  ]);

  it("when a frame is shown, then fighters carry the engine's hit points and seat ids", () => {
    const first = replayView(frames[0]!.state);
    const after = replayView(frames[1]!.state);
    assert.deepEqual(
      first.players.map((p) => [p.id, p.hp, p.maxHp]),
      [["p1", 120, 120]],
    );
    assert.equal(first.enemies.length, 2);
    assert.ok(after.enemies[0]!.hp < first.enemies[0]!.hp, "the attack hurt the first slime");
    assert.equal(first.currentTurn, "p1");
  });

  it("when playback reaches the last frame, then it stays there", () => {
    assert.equal(nextFrame(0, frames.length), 1);
    assert.equal(nextFrame(frames.length - 1, frames.length), frames.length - 1);
  });
});
