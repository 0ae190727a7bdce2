import assert from "node:assert/strict";
import { questTemplateCatalogue } from "../content/questTemplates.ts";
import type { ProgressEvent } from "../protocol/progress.ts";
import { advanceQuest, type QuestRequirement, questPeriod, questRequirementsSchema, weekStart } from "./quests.ts";

describe("quest progress from events", () => {
  const table: [string, QuestRequirement, ProgressEvent[], number][] = [
    [
      "lines in any language",
      { kind: "lines_written", target: 50 },
      [
        { kind: "lines_written", amount: 20, language: "go" },
        { kind: "lines_written", amount: 10, language: "python" },
      ],
      30,
    ],
    [
      "python lines only",
      { kind: "lines_written", target: 50, language: "python" },
      [
        { kind: "lines_written", amount: 20, language: "go" },
        { kind: "lines_written", amount: 10, language: "python" },
      ],
      10,
    ],
    [
      "lines capped at the target",
      { kind: "lines_written", target: 50 },
      [{ kind: "lines_written", amount: 70, language: "go" }],
      50,
    ],
    ["coding minutes", { kind: "coding_minutes", target: 15 }, [{ kind: "coding_minutes", amount: 6 }], 6],
    [
      "passed challenges, not failed ones",
      { kind: "challenges_passed", target: 3 },
      [
        { kind: "challenge_attempt", status: "passed" },
        { kind: "challenge_attempt", status: "failed" },
        { kind: "challenge_attempt", status: "passed" },
      ],
      2,
    ],
    ["dungeon clears", { kind: "dungeon_clears", target: 3 }, [{ kind: "dungeon_clear", dungeonId: "x" }], 1],
    [
      "clash wins",
      { kind: "clash_wins", target: 2 },
      [{ kind: "clash_win" }, { kind: "dungeon_clear", dungeonId: "x" }],
      1,
    ],
    ["items bought", { kind: "items_bought", target: 1 }, [{ kind: "items_bought", amount: 4 }], 1],
  ];
  for (const [what, req, events, expected] of table) {
    it(`when a quest counts ${what}, then progress is ${expected}`, () => {
      const r = advanceQuest([req], {}, events);
      assert.equal(Object.values(r.progress)[0], expected);
      assert.equal(r.complete, expected >= req.target);
    });
  }

  it("when a quest has two requirements, then it completes only when both reach their targets", () => {
    const reqs: QuestRequirement[] = [
      { kind: "items_bought", target: 1 },
      { kind: "challenges_passed", target: 2 },
    ];
    const a = advanceQuest(reqs, {}, [{ kind: "items_bought", amount: 1 }]);
    assert.deepEqual(a, { progress: { items_bought: 1, challenges_passed: 0 }, changed: true, complete: false });
    const b = advanceQuest(reqs, a.progress, [
      { kind: "challenge_attempt", status: "passed" },
      { kind: "challenge_attempt", status: "passed" },
    ]);
    assert.equal(b.complete, true);
  });

  it("when no event concerns a quest, then nothing changed", () => {
    const r = advanceQuest([{ kind: "dungeon_clears", target: 2 }], { dungeon_clears: 1 }, [
      { kind: "coding_minutes", amount: 3 },
    ]);
    assert.equal(r.changed, false);
  });

  it("when the template catalogue is validated, then every requirement list is accepted", () => {
    for (const t of questTemplateCatalogue) assert.ok(questRequirementsSchema.safeParse(t.requirements).success, t.id);
  });
});

describe("quest periods (UTC)", () => {
  const table: [string, "DAILY" | "WEEKLY", string, string][] = [
    ["a Wednesday afternoon", "DAILY", "2026-03-11T15:00:00Z", "2026-03-11"],
    ["just before midnight", "DAILY", "2026-03-11T23:59:59.999Z", "2026-03-11"],
    ["a Wednesday", "WEEKLY", "2026-03-11T15:00:00Z", "2026-03-09"],
    ["Monday at midnight", "WEEKLY", "2026-03-09T00:00:00Z", "2026-03-09"],
    ["Sunday night", "WEEKLY", "2026-03-15T23:59:59Z", "2026-03-09"],
    ["a week across a year end", "WEEKLY", "2027-01-01T12:00:00Z", "2026-12-28"],
  ];
  for (const [what, period, instant, start] of table) {
    it(`when it is ${what} (${period}), then the period starts ${start}`, () => {
      assert.equal(questPeriod(period, Date.parse(instant)).start, start);
    });
  }

  it("when a period is asked, then it ends at the next period's start", () => {
    assert.equal(
      new Date(questPeriod("DAILY", Date.parse("2026-03-11T15:00:00Z")).endsAt).toISOString(),
      "2026-03-12T00:00:00.000Z",
    );
    assert.equal(
      new Date(questPeriod("WEEKLY", Date.parse("2026-03-11T15:00:00Z")).endsAt).toISOString(),
      "2026-03-16T00:00:00.000Z",
    );
    assert.equal(weekStart(Date.parse("2026-03-16T00:00:00Z")), "2026-03-16");
  });
});
