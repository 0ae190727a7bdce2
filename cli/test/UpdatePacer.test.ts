import assert from "node:assert/strict";
import fc from "fast-check";
import { UpdatePacer } from "../src/UpdatePacer.ts";

describe("update pacing", () => {
  const t0 = 1_000_000;

  it("when 1,000 lines are pasted, then they go as 200-line updates, 600 now and the rest a minute later", () => {
    const pacer = new UpdatePacer();
    pacer.add({ file: "a.py", language: "python", added: 1000, removed: 4, characters: 10_000 });
    const now = pacer.take(t0);
    assert.deepEqual(
      now.map((m) => m.linesAdded),
      [200, 200, 200],
    );
    assert.equal(now[0]?.linesRemoved, 4);
    assert.equal(now[1]?.linesRemoved, 0);
    assert.equal(pacer.pendingLines, 400);
    assert.deepEqual(pacer.take(t0 + 30_000), []);
    const later = pacer.take(t0 + 61_001);
    assert.deepEqual(
      later.map((m) => m.linesAdded),
      [200, 200],
    );
    assert.equal(
      [...now, ...later].reduce((s, m) => s + (m.characters ?? 0), 0),
      10_000,
    );
    assert.equal(pacer.pendingLines, 0);
  });

  it("when the server refuses lines for the player's budget, then they are kept and sent again once it has room", () => {
    const pacer = new UpdatePacer();
    pacer.add({ file: "a.rs", language: "rust", added: 150, removed: 0, characters: 3000 });
    const first = pacer.take(t0);
    assert.deepEqual(
      first.map((m) => m.linesAdded),
      [150],
    );
    // Another session of the player spent the minute: the server refuses and says when it fits.
    pacer.requeue({ linesAdded: 150, file: "a.rs", language: "rust" }, 20_000, t0 + 500);
    pacer.add({ file: "b.py", language: "python", added: 10, removed: 0, characters: 100 });
    assert.equal(pacer.pendingLines, 160);
    assert.deepEqual(pacer.take(t0 + 10_000), [], "nothing is sent before the server's retry time");
    const later = pacer.take(t0 + 20_500);
    assert.deepEqual(
      later.map((m) => [m.file, m.linesAdded, m.language]),
      [
        ["a.rs", 150, "rust"],
        ["b.py", 10, "python"],
      ],
    );
    assert.equal(pacer.pendingLines, 0);
  });

  it("when a file only lost lines, then an update with 0 lines added reports the removal", () => {
    const pacer = new UpdatePacer();
    pacer.add({ file: "a.rs", language: "rust", added: 0, removed: 7, characters: 0 });
    assert.deepEqual(pacer.take(t0), [{ linesAdded: 0, linesRemoved: 7, file: "a.rs", language: "rust" }]);
  });

  it("when changes arrive at any pace, then no update exceeds 200 lines and no minute 600, and none is lost", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 20_000 }), fc.integer({ min: 0, max: 900 }), fc.nat(3)), {
          maxLength: 40,
        }),
        (steps) => {
          const pacer = new UpdatePacer();
          const sent: { at: number; lines: number }[] = [];
          let now = t0;
          let total = 0;
          for (const [gap, added, file] of steps) {
            now += gap;
            total += added;
            pacer.add({ file: `f${file}.ts`, language: "typescript", added, removed: 0, characters: added });
            for (const m of pacer.take(now)) sent.push({ at: now, lines: m.linesAdded });
          }
          for (let i = 0; pacer.pendingLines > 0 && i < 1000; i++) {
            now += 10_000;
            for (const m of pacer.take(now)) sent.push({ at: now, lines: m.linesAdded });
          }
          assert.equal(
            sent.reduce((s, m) => s + m.lines, 0),
            total,
          );
          for (const s of sent) {
            assert.ok(s.lines <= 200);
            const minute = sent.filter((o) => o.at > s.at - 60_000 && o.at <= s.at).reduce((a, o) => a + o.lines, 0);
            assert.ok(minute <= 600);
          }
        },
      ),
    );
  });
});
