import assert from "node:assert/strict";
import fc from "fast-check";
import { CODING_CAPS } from "./coding.ts";
import { type CodingBudget, EMPTY_CODING_BUDGET, parseCodingBudget, spendLines } from "./codingBudget.ts";

const t0 = Date.UTC(2026, 11, 2, 9, 0, 0);
const DAY_MS = 86_400_000;

/** Spends each of `lines` at its instant; returns the budget after them and what was accepted. */
function spendAll(budget: CodingBudget, spends: [number, number][]) {
  const paid: { at: number; lines: number }[] = [];
  for (const [at, lines] of spends) {
    const v = spendLines(budget, lines, at);
    if (v.accepted) {
      budget = v.budget;
      paid.push({ at, lines });
    }
  }
  return { budget, paid };
}

describe("coding budget (per player)", () => {
  it("when one update adds more than 200 lines, then it is refused whole and the budget is unchanged", () => {
    const v = spendLines(EMPTY_CODING_BUDGET, 201, t0);
    assert.equal(v.accepted, false);
    assert.equal(!v.accepted && v.reason, "too_many_lines");
    assert.equal(spendLines(EMPTY_CODING_BUDGET, 200, t0).accepted, true);
  });

  it("when 600 lines were paid within a minute, then one more line is refused until the oldest leave the window", () => {
    const { budget } = spendAll(EMPTY_CODING_BUDGET, [
      [t0, 200],
      [t0 + 1000, 200],
      [t0 + 2000, 200],
    ]);
    const refused = spendLines(budget, 1, t0 + 5000);
    assert.equal(refused.accepted, false);
    assert.equal(!refused.accepted && refused.reason, "rate_limited");
    assert.equal(!refused.accepted && refused.retryAfterMs, CODING_CAPS.windowMs - 5000);
    assert.equal(spendLines(budget, 200, t0 + CODING_CAPS.windowMs + 1).accepted, true);
  });

  it("when 10,000 lines were paid in a UTC day, then more are refused until midnight UTC", () => {
    let budget = EMPTY_CODING_BUDGET;
    let now = t0;
    for (let paid = 0; paid < CODING_CAPS.maxLinesPerDay; paid += 200) {
      const v = spendLines(budget, 200, now);
      assert.ok(v.accepted, `spend at ${paid}`);
      budget = v.budget;
      now += 30_000;
    }
    const refused = spendLines(budget, 1, now);
    assert.equal(!refused.accepted && refused.reason, "daily_limit");
    const midnight = (Math.floor(now / DAY_MS) + 1) * DAY_MS;
    assert.equal(!refused.accepted && refused.retryAfterMs, midnight - now);
    assert.equal(spendLines(budget, 200, midnight).accepted, true);
  });

  it("when a spend is stamped before the last one (another process's clock), then it counts at the last one's instant", () => {
    const { budget } = spendAll(EMPTY_CODING_BUDGET, [[t0 + 10_000, 200]]);
    const v = spendLines(budget, 200, t0);
    assert.ok(v.accepted);
    assert.deepEqual(v.budget.recent, [{ at: t0 + 10_000, lines: 400 }]);
  });

  it("when spends come close together, then the record stays about one entry per second of the window", () => {
    let budget = EMPTY_CODING_BUDGET;
    for (let i = 0; i < 600; i++) {
      const v = spendLines(budget, 1, t0 + i * 100);
      assert.ok(v.accepted);
      budget = v.budget;
    }
    assert.ok(budget.recent.length <= 61, `${budget.recent.length} entries`);
  });

  it("when a stored budget is malformed, then it reads as a safe budget", () => {
    assert.deepEqual(parseCodingBudget(null), EMPTY_CODING_BUDGET);
    assert.deepEqual(parseCodingBudget({ recent: [{ at: 5, lines: -3 }, { at: "x", lines: 2 }, null], day: -1 }), {
      recent: [{ at: 0, lines: 2 }],
      day: 0,
      dayLines: 0,
    });
  });

  /**
   * Several sessions of one player, each in its own room with its own stale copy of the budget
   * (what it read at its last flush), send lines at any pace; sessions end and new ones start
   * from whatever the shared record says. Each room pre-checks against its copy; what it accepts
   * is settled later against the shared record, in any order. Whatever the interleaving, paid
   * lines never exceed the budget of the elapsed time.
   */
  it("when sessions, rooms and messages interleave in any order, then paid lines never exceed the budget of the elapsed time", () => {
    const step = fc.oneof(
      fc.record({
        kind: fc.constant("send" as const),
        room: fc.nat(3),
        gap: fc.integer({ min: 0, max: 20_000 }),
        lines: fc.integer({ min: 0, max: 260 }),
      }),
      fc.record({ kind: fc.constant("settle" as const), room: fc.nat(3), gap: fc.integer({ min: 0, max: 3000 }) }),
      fc.record({ kind: fc.constant("restart" as const), room: fc.nat(3), gap: fc.integer({ min: 0, max: 1000 }) }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 150 }), fc.integer({ min: 0, max: DAY_MS - 1 }), (steps, offset) => {
        const start = t0 - (t0 % DAY_MS) + offset;
        let shared: CodingBudget = EMPTY_CODING_BUDGET;
        const rooms = Array.from({ length: 4 }, () => ({ copy: EMPTY_CODING_BUDGET, pending: [] as number[] }));
        const paid: { at: number; lines: number }[] = [];
        let now = start;
        const settle = (room: (typeof rooms)[number]) => {
          for (const lines of room.pending.splice(0)) {
            const v = spendLines(shared, lines, now);
            if (!v.accepted) continue;
            shared = v.budget;
            if (lines > 0) paid.push({ at: now, lines });
          }
          room.copy = shared;
        };
        for (const s of steps) {
          now += s.gap;
          const room = rooms[s.room]!;
          if (s.kind === "send") {
            const v = spendLines(room.copy, s.lines, now);
            if (v.accepted) {
              room.copy = v.budget;
              room.pending.push(s.lines);
            }
          } else if (s.kind === "settle") {
            settle(room);
          } else {
            // The session ends (its room settles what it holds) and a new one starts from the shared record.
            settle(room);
            room.copy = shared;
          }
        }
        for (const room of rooms) settle(room);

        const total = paid.reduce((sum, p) => sum + p.lines, 0);
        const elapsed = now - start;
        assert.ok(total <= CODING_CAPS.maxLinesPerWindow * (Math.floor(elapsed / CODING_CAPS.windowMs) + 1));
        for (const p of paid) {
          const inMinute = paid
            .filter((q) => q.at > p.at - CODING_CAPS.windowMs && q.at <= p.at)
            .reduce((sum, q) => sum + q.lines, 0);
          assert.ok(inMinute <= CODING_CAPS.maxLinesPerWindow, `${inMinute} lines in the minute before ${p.at}`);
          const inDay = paid
            .filter((q) => Math.floor(q.at / DAY_MS) === Math.floor(p.at / DAY_MS))
            .reduce((sum, q) => sum + q.lines, 0);
          assert.ok(inDay <= CODING_CAPS.maxLinesPerDay);
        }
      }),
      { numRuns: 300 },
    );
  });
});
