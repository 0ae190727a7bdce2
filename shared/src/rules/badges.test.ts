import assert from "node:assert/strict";
import { badgeCatalogue } from "../content/badges.ts";
import {
  type BadgeCondition,
  type BadgeFacts,
  badgeConditionSchema,
  badgeEarned,
  badgeProgress,
  badgesNearCompletion,
} from "./badges.ts";
import { applyStatistics, normalizeStatistics } from "./statistics.ts";

const facts = (over: Partial<BadgeFacts> = {}, stats: Parameters<typeof normalizeStatistics>[0] = {}): BadgeFacts => ({
  experience: 0,
  level: 1,
  statistics: normalizeStatistics(stats),
  ...over,
});

describe("badge conditions", () => {
  const table: [string, BadgeCondition, BadgeFacts, boolean][] = [
    ["1000 XP with 999", { type: "xp", threshold: 1000 }, facts({ experience: 999 }), false],
    ["1000 XP with 1000", { type: "xp", threshold: 1000 }, facts({ experience: 1000 }), true],
    [
      "10 passed with 9 passed, 5 failed",
      { type: "attempt_count", count: 10, status: "passed" },
      facts({}, { challengesPassed: 9, challengesFailed: 5 }),
      false,
    ],
    [
      "10 passed with 10 passed",
      { type: "attempt_count", count: 10, status: "passed" },
      facts({}, { challengesPassed: 10 }),
      true,
    ],
    [
      "3 failed with 3 failed",
      { type: "attempt_count", count: 3, status: "failed" },
      facts({}, { challengesFailed: 3 }),
      true,
    ],
    [
      "10 attempts with 6 passed, 4 failed",
      { type: "attempt_count", count: 10 },
      facts({}, { challengesPassed: 6, challengesFailed: 4 }),
      true,
    ],
    [
      "7 days with a longest streak of 6",
      { type: "consecutive_days", days: 7 },
      facts({}, { longestStreak: 6 }),
      false,
    ],
    ["7 days with a longest streak of 7", { type: "consecutive_days", days: 7 }, facts({}, { longestStreak: 7 }), true],
    ["level 5 at level 4", { type: "level", level: 5 }, facts({ level: 4 }), false],
    ["level 5 at level 6", { type: "level", level: 5 }, facts({ level: 6 }), true],
    ["5 clears with 5", { type: "dungeon_clears", count: 5 }, facts({}, { dungeonClears: 5 }), true],
    ["100 lines with 99", { type: "lines_written", count: 100 }, facts({}, { linesWritten: 99 }), false],
    [
      "100 python lines with 300 lines of which 80 python",
      { type: "lines_written", count: 100, language: "python" },
      facts({}, { linesWritten: 300, linesByLanguage: { python: 80, rust: 220 } }),
      false,
    ],
    [
      "100 rust lines with 220 rust",
      { type: "lines_written", count: 100, language: "rust" },
      facts({}, { linesWritten: 300, linesByLanguage: { python: 80, rust: 220 } }),
      true,
    ],
  ];
  for (const [what, condition, f, earned] of table) {
    it(`when the progress of "${what}" is read, then it is earned exactly when current reaches target`, () => {
      const p = badgeProgress(condition, f);
      assert.equal(p.current >= p.target, earned);
      assert.ok(p.current <= p.target);
    });
    it(`when the condition is ${what}, then earned is ${earned}`, () => {
      assert.equal(badgeEarned(condition, f), earned);
    });
  }
});

describe("badge condition schema", () => {
  it("when every catalogue badge is validated, then each condition is accepted", () => {
    for (const b of badgeCatalogue) assert.ok(badgeConditionSchema.safeParse(b.condition).success, b.id);
  });

  const malformed: [string, unknown, string][] = [
    ["an unknown type", { type: "karma", threshold: 3 }, "type"],
    ["a missing threshold", { type: "xp" }, "threshold"],
    ["a negative count", { type: "dungeon_clears", count: -1 }, "count"],
    ["an unknown status", { type: "attempt_count", count: 2, status: "maybe" }, "status"],
    ["an extra field", { type: "level", level: 3, bonus: 1 }, ""],
    ["a language in capitals", { type: "lines_written", count: 3, language: "Py thon" }, "language"],
  ];
  for (const [what, condition, path] of malformed) {
    it(`when a condition has ${what}, then it is refused naming ${path || "the object"}`, () => {
      const r = badgeConditionSchema.safeParse(condition);
      assert.equal(r.success, false);
      if (path) assert.ok(r.error?.issues.some((i) => i.path.join(".") === path) ?? false, JSON.stringify(r.error));
    });
  }
});

describe("statistics from events", () => {
  it("when events arrive, then each figure moves by its own events only", () => {
    const s = applyStatistics(normalizeStatistics({}), [
      { kind: "lines_written", amount: 30, language: "python" },
      { kind: "lines_written", amount: 12, language: "rust" },
      { kind: "lines_written", amount: 8, language: "python" },
      { kind: "coding_minutes", amount: 5 },
      { kind: "challenge_attempt", status: "passed" },
      { kind: "challenge_attempt", status: "failed" },
      { kind: "challenge_attempt", status: "failed" },
      { kind: "dungeon_clear", dungeonId: "d1" },
      { kind: "items_bought", amount: 2 },
      { kind: "clash_win" },
      { kind: "coding_day" },
    ]);
    assert.deepEqual(s, {
      linesWritten: 50,
      linesByLanguage: { python: 38, rust: 12 },
      codingMinutes: 5,
      challengesPassed: 1,
      challengesFailed: 2,
      dungeonClears: 1,
      clashWins: 1,
      itemsBought: 2,
      codingDays: 0,
      longestStreak: 0,
    });
  });

  it("when a streak grows and falls, then the longest one is kept", () => {
    let s = applyStatistics(normalizeStatistics({}), [], { newDay: true, streak: 5 });
    s = applyStatistics(s, [], { newDay: true, streak: 1 });
    assert.equal(s.longestStreak, 5);
    assert.equal(s.codingDays, 2);
  });
});

describe("badges near completion", () => {
  const badges = [
    { id: "xp_1000", condition: { type: "xp", threshold: 1000 } as BadgeCondition },
    { id: "level_5", condition: { type: "level", level: 5 } as BadgeCondition },
    { id: "clears_10", condition: { type: "dungeon_clears", count: 10 } as BadgeCondition },
    { id: "lines_py", condition: { type: "lines_written", count: 100, language: "python" } as BadgeCondition },
  ];

  it("when a player is part-way to several badges, then the closest come first and earned or untouched ones are left out", () => {
    const f = facts({ experience: 900, level: 4 }, { dungeonClears: 0, linesByLanguage: { python: 50 } });
    const near = badgesNearCompletion(badges, new Set(["level_5"]), f, 3);
    assert.deepEqual(
      near.map((b) => [b.id, b.current, b.target]),
      [
        ["xp_1000", 900, 1000],
        ["lines_py", 50, 100],
      ],
    );
  });

  it("when more badges are in progress than the limit, then only the limit is returned", () => {
    const f = facts({ experience: 10, level: 2 }, { dungeonClears: 1, linesByLanguage: { python: 1 } });
    assert.equal(badgesNearCompletion(badges, new Set(), f, 2).length, 2);
    assert.deepEqual(
      badgesNearCompletion(badges, new Set(), f, 2).map((b) => b.id),
      ["level_5", "clears_10"],
    );
  });
});
