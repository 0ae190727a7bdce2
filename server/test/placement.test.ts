import assert from "node:assert/strict";
import { LoadPlacement, PLACEMENT_MEMORY_MS, type ProcessLoad } from "../src/realtime/placement.ts";

/**
 * The placement rule alone, against a simulated cluster whose published client counts lag behind
 * (as Colyseus' stats do, republished about once a second).
 */
describe("room placement by load", () => {
  const at = (t: { now: number }) => () => t.now;

  it("when one process has fewer clients, then a new room goes there even if it has more rooms", () => {
    const placement = new LoadPlacement({ fetchStats: async () => [], processId: () => "self" });
    const stats: ProcessLoad[] = [
      { processId: "a", roomCount: 2, ccu: 900 },
      { processId: "b", roomCount: 40, ccu: 100 },
    ];
    assert.equal(placement.choose(stats, "dungeon"), "b");
  });

  it("when the published counts are stale, then a burst of creations still alternates between equal processes", () => {
    const clock = { now: 0 };
    const placement = new LoadPlacement({ fetchStats: async () => [], processId: () => "self", now: at(clock) });
    const stats: ProcessLoad[] = [
      { processId: "a", roomCount: 0, ccu: 0 },
      { processId: "b", roomCount: 0, ccu: 0 },
    ];
    const chosen = Array.from({ length: 10 }, () => placement.choose(stats, "dungeon"));
    assert.deepEqual(chosen, ["a", "b", "a", "b", "a", "b", "a", "b", "a", "b"]);
  });

  it("when rooms arrive at a fixed rate and stats lag by a second, then two processes split within 10 %", () => {
    const clock = { now: 0 };
    const placement = new LoadPlacement({ fetchStats: async () => [], processId: () => "self", now: at(clock) });
    // One uneven start: b already holds 60 clients.
    const live = new Map([
      ["a", 0],
      ["b", 60],
    ]);
    let published: ProcessLoad[] = [];
    const publish = () => {
      published = [...live].map(([processId, ccu]) => ({ processId, roomCount: 0, ccu }));
    };
    publish();
    for (let i = 0; i < 400; i++) {
      clock.now += 100; // ten new dungeon parties a second
      if (clock.now % 1000 === 0) publish();
      const id = placement.choose(published, "dungeon");
      assert.ok(id);
      live.set(id, (live.get(id) ?? 0) + 6);
    }
    const a = live.get("a") ?? 0;
    const b = live.get("b") ?? 0;
    assert.ok(Math.abs(a - b) / Math.max(a, b) <= 0.1, `split ${a} / ${b}`);
  });

  it("when a placement is older than the memory window, then it no longer counts (its clients are published by then)", () => {
    const clock = { now: 0 };
    const placement = new LoadPlacement({ fetchStats: async () => [], processId: () => "self", now: at(clock) });
    const stats: ProcessLoad[] = [
      { processId: "a", roomCount: 0, ccu: 10 },
      { processId: "b", roomCount: 0, ccu: 12 },
    ];
    assert.equal(placement.choose(stats, "dungeon"), "a"); // a counts 14 now
    assert.equal(placement.choose(stats, "dungeon"), "b");
    clock.now += PLACEMENT_MEMORY_MS + 1;
    assert.equal(placement.choose(stats, "dungeon"), "a", "the stale placements are forgotten");
  });

  it("when a hub room is created, then it goes where the fewest rooms are (Colyseus' rule), clients aside", () => {
    const placement = new LoadPlacement({ fetchStats: async () => [], processId: () => "self" });
    const stats: ProcessLoad[] = [
      { processId: "a", roomCount: 2, ccu: 900 },
      { processId: "b", roomCount: 40, ccu: 100 },
    ];
    assert.equal(placement.choose(stats, "hub"), "a");
    assert.equal(placement.choose(stats, "coding"), "b");
  });

  it("when no process is listed yet, then the room stays on this process", async () => {
    const placement = new LoadPlacement({ fetchStats: async () => [], processId: () => "self" });
    assert.equal(await placement.select("coding"), "self");
  });
});
