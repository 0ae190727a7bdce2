import assert from "node:assert/strict";
import { calendarDay, currentStreak, daysBetween, recordCodingDay, type StreakState } from "./streak.ts";

describe("calendar days in a time zone", () => {
  const table: [string, string, string][] = [
    ["2026-03-10T23:30:00Z", "UTC", "2026-03-10"],
    ["2026-03-10T23:30:00Z", "Asia/Seoul", "2026-03-11"],
    ["2026-03-10T03:00:00Z", "America/Los_Angeles", "2026-03-09"],
    ["2026-03-10T03:00:00Z", "Not/AZone", "2026-03-10"],
  ];
  for (const [instant, zone, day] of table) {
    it(`when it is ${instant} in ${zone}, then the day is ${day}`, () => {
      assert.equal(calendarDay(Date.parse(instant), zone), day);
    });
  }

  it("when days cross a month and a leap day, then the gap is counted in whole days", () => {
    assert.equal(daysBetween("2028-02-28", "2028-03-01"), 2);
    assert.equal(daysBetween("2026-01-31", "2026-02-01"), 1);
    assert.equal(daysBetween("2026-02-01", "2026-01-31"), -1);
  });
});

describe("coding streak", () => {
  const s = (streak: number, lastDay: string | null): StreakState => ({ streak, lastDay });
  const table: [string, StreakState, string, StreakState][] = [
    ["the first session ever", s(0, null), "2026-03-10", s(1, "2026-03-10")],
    ["a second session the same day", s(3, "2026-03-10"), "2026-03-10", s(3, "2026-03-10")],
    ["a session the next day", s(3, "2026-03-10"), "2026-03-11", s(4, "2026-03-11")],
    ["a session after a missed day", s(3, "2026-03-10"), "2026-03-12", s(1, "2026-03-12")],
    ["a session across a month end", s(5, "2026-03-31"), "2026-04-01", s(6, "2026-04-01")],
  ];
  for (const [what, before, today, after] of table) {
    it(`when ${what}, then the streak is ${after.streak}`, () => {
      assert.deepEqual(recordCodingDay(before, today), after);
    });
  }

  it("when a day is missed, then the shown streak is 0 until the next session makes it 1", () => {
    const state = s(4, "2026-03-10");
    assert.equal(currentStreak(state, "2026-03-10"), 4);
    assert.equal(currentStreak(state, "2026-03-11"), 4);
    assert.equal(currentStreak(state, "2026-03-12"), 0);
    assert.equal(currentStreak(recordCodingDay(state, "2026-03-12"), "2026-03-12"), 1);
    assert.equal(currentStreak(s(0, null), "2026-03-12"), 0);
  });

  it("when the user's zone is ahead of UTC, then consecutive local days count even within one UTC day", () => {
    const zone = "Asia/Seoul";
    const first = recordCodingDay(s(0, null), calendarDay(Date.parse("2026-03-10T14:00:00Z"), zone));
    const second = recordCodingDay(first, calendarDay(Date.parse("2026-03-10T16:00:00Z"), zone));
    assert.equal(second.streak, 2);
  });
});
