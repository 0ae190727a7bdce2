import assert from "node:assert/strict";
import { questPeriod } from "./quests.ts";
import { currentStreak, recordCodingDay } from "./streak.ts";
import {
  canonicalTimeZone,
  dayKey,
  dayPeriod,
  dayStartMs,
  nextTimeZoneChangeAt,
  restateLastDay,
  TIME_ZONE_CHANGE_INTERVAL_MS,
  weekKey,
  weekPeriod,
} from "./timeZone.ts";

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

describe("time zone names", () => {
  const refused: [string, unknown][] = [
    ["a made-up area", "Mars/Olympus"],
    ["an offset beyond any zone", "+25:00"],
    ["a plain offset", "+01:00"],
    ["5,000 characters", "A".repeat(5000)],
    ["an empty name", ""],
    ["a path trick", "../../etc/passwd"],
    ["a number", 9],
  ];
  for (const [what, name] of refused) {
    it(`when the name is ${what}, then it is refused`, () => assert.equal(canonicalTimeZone(name), undefined));
  }

  it("when a name is an IANA zone in any case, then its canonical spelling is kept", () => {
    assert.equal(canonicalTimeZone("europe/berlin"), "Europe/Berlin");
    assert.equal(canonicalTimeZone("Pacific/Kiritimati"), "Pacific/Kiritimati");
    assert.equal(canonicalTimeZone("UTC"), "UTC");
    assert.equal(canonicalTimeZone("Etc/GMT+5"), "Etc/GMT+5");
  });

  it("when every zone the browser's picker lists is given, then each is accepted", () => {
    for (const zone of Intl.supportedValuesOf("timeZone")) assert.ok(canonicalTimeZone(zone), zone);
  });
});

describe("day and week keys at the ends of the clock", () => {
  // Kiritimati is UTC+14, Pago Pago UTC−11: 25 hours apart, so one instant can fall on three dates.
  const table: [string, string, string, string][] = [
    ["2026-03-08T09:59:59Z", "Pacific/Kiritimati", "2026-03-08", "2026-03-02"],
    ["2026-03-08T10:00:00Z", "Pacific/Kiritimati", "2026-03-09", "2026-03-09"],
    ["2026-03-08T10:00:00Z", "UTC", "2026-03-08", "2026-03-02"],
    ["2026-03-08T10:00:00Z", "Pacific/Pago_Pago", "2026-03-07", "2026-03-02"],
    ["2026-03-09T10:59:59Z", "Pacific/Pago_Pago", "2026-03-08", "2026-03-02"],
    ["2026-03-09T11:00:00Z", "Pacific/Pago_Pago", "2026-03-09", "2026-03-09"],
  ];
  for (const [instant, zone, day, week] of table) {
    it(`when it is ${instant} in ${zone}, then the day is ${day} and the week ${week}`, () => {
      assert.equal(dayKey(at(instant), zone), day);
      assert.equal(weekKey(at(instant), zone), week);
    });
  }

  it("when the day is asked at UTC+14 and UTC−11, then it begins at the zone's midnight and lasts 24 hours", () => {
    assert.equal(iso(dayStartMs("2026-03-09", "Pacific/Kiritimati")), "2026-03-08T10:00:00.000Z");
    assert.equal(iso(dayStartMs("2026-03-09", "Pacific/Pago_Pago")), "2026-03-09T11:00:00.000Z");
    const kiritimati = dayPeriod(at("2026-03-08T12:00:00Z"), "Pacific/Kiritimati");
    assert.deepEqual([kiritimati.start, iso(kiritimati.endsAt)], ["2026-03-09", "2026-03-09T10:00:00.000Z"]);
    const pago = weekPeriod(at("2026-03-09T10:00:00Z"), "Pacific/Pago_Pago");
    assert.deepEqual([pago.start, iso(pago.endsAt)], ["2026-03-02", "2026-03-09T11:00:00.000Z"]);
  });
});

describe("day keys remembered by minute", () => {
  const formatters = new Map<string, Intl.DateTimeFormat>();
  const formatted = (ms: number, zone: string) => {
    let f = formatters.get(zone);
    if (!f) {
      f = new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" });
      formatters.set(zone, f);
    }
    const parts = Object.fromEntries(f.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
    return `${parts.year}-${parts.month}-${parts.day}`;
  };
  const zones = ["UTC", "Asia/Kolkata", "Asia/Kathmandu", "Australia/Eucla", "America/St_Johns", "Africa/Monrovia"];

  it("when instants around every zone's midnights since 1970 are asked twice, then each key is the formatter's", () => {
    let checked = 0;
    for (const zone of zones) {
      for (let day = Date.UTC(1970, 0, 1); day < Date.UTC(2040, 0, 1); day += 97 * 86_400_000) {
        const midnight = dayStartMs(formatted(day, zone), zone);
        for (const ms of [midnight - 1_000, midnight - 1, midnight, midnight + 59_999, midnight + 60_000]) {
          for (let twice = 0; twice < 2; twice++)
            assert.equal(dayKey(ms, zone), formatted(ms, zone), `${zone} ${iso(ms)}`);
          checked++;
        }
      }
    }
    assert.ok(checked > 5_000);
  });
});

describe("days across daylight-saving changes", () => {
  it("when Berlin springs forward (last Sunday of March), then that day lasts 23 hours", () => {
    const day = dayPeriod(at("2026-03-29T12:00:00Z"), "Europe/Berlin");
    assert.equal(day.start, "2026-03-29");
    assert.equal(iso(dayStartMs("2026-03-29", "Europe/Berlin")), "2026-03-28T23:00:00.000Z");
    assert.equal(iso(day.endsAt), "2026-03-29T22:00:00.000Z");
    assert.equal(dayKey(at("2026-03-29T21:59:59Z"), "Europe/Berlin"), "2026-03-29");
    assert.equal(dayKey(at("2026-03-29T22:00:00Z"), "Europe/Berlin"), "2026-03-30");
  });

  it("when Berlin falls back (last Sunday of October), then that day lasts 25 hours and the week ends at its midnight", () => {
    const day = dayPeriod(at("2026-10-25T12:00:00Z"), "Europe/Berlin");
    assert.equal(iso(dayStartMs("2026-10-25", "Europe/Berlin")), "2026-10-24T22:00:00.000Z");
    assert.equal(iso(day.endsAt), "2026-10-25T23:00:00.000Z");
    const week = weekPeriod(at("2026-10-25T22:30:00Z"), "Europe/Berlin");
    assert.deepEqual([week.start, iso(week.endsAt)], ["2026-10-19", "2026-10-25T23:00:00.000Z"]);
  });

  it("when New York changes clocks (second Sunday of March, first of November), then its days last 23 and 25 hours", () => {
    const spring = dayPeriod(at("2026-03-08T12:00:00Z"), "America/New_York");
    assert.equal(spring.endsAt - dayStartMs("2026-03-08", "America/New_York"), 23 * 3_600_000);
    const autumn = dayPeriod(at("2026-11-01T12:00:00Z"), "America/New_York");
    assert.equal(autumn.endsAt - dayStartMs("2026-11-01", "America/New_York"), 25 * 3_600_000);
    assert.equal(dayKey(at("2026-11-02T04:59:59Z"), "America/New_York"), "2026-11-01");
  });

  it("when a zone skips its midnight (Santiago springs forward at 00:00), then the day begins at 01:00", () => {
    // 2026-09-06 00:00 local does not exist in America/Santiago: clocks go from 23:59:59 (UTC−4) to 01:00 (UTC−3).
    assert.equal(iso(dayStartMs("2026-09-06", "America/Santiago")), "2026-09-06T04:00:00.000Z");
    assert.equal(dayKey(at("2026-09-06T03:59:59Z"), "America/Santiago"), "2026-09-05");
  });

  it("when quests ask for their period in a zone, then they get the zone's day and week", () => {
    const now = at("2026-03-08T12:00:00Z");
    assert.deepEqual(questPeriod("DAILY", now, "Pacific/Kiritimati"), dayPeriod(now, "Pacific/Kiritimati"));
    assert.deepEqual(questPeriod("WEEKLY", now, "Pacific/Pago_Pago"), weekPeriod(now, "Pacific/Pago_Pago"));
    assert.deepEqual(questPeriod("DAILY", now), dayPeriod(now, "UTC"));
  });
});

describe("changing one's time zone", () => {
  it("when the zone was never changed, then a change is allowed at once; afterwards only a week later", () => {
    assert.equal(nextTimeZoneChangeAt(null), 0);
    assert.equal(nextTimeZoneChangeAt(1_000), 1_000 + TIME_ZONE_CHANGE_INTERVAL_MS);
  });

  it("when a player who coded today in UTC moves to a zone already on tomorrow, then a second session today credits no day", () => {
    const now = at("2026-03-08T11:00:00Z"); // 2026-03-09 01:00 in Kiritimati
    const state = recordCodingDay({ streak: 3, lastDay: null }, dayKey(now, "UTC"));
    const moved = { ...state, lastDay: restateLastDay(state.lastDay, now, "UTC", "Pacific/Kiritimati") };
    assert.equal(moved.lastDay, "2026-03-09");
    assert.deepEqual(recordCodingDay(moved, dayKey(now + 3_600_000, "Pacific/Kiritimati")), moved);
  });

  it("when a player who coded yesterday moves to a zone still on the day before, then the streak is neither lost nor extended", () => {
    const now = at("2026-03-09T05:00:00Z"); // 2026-03-08 18:00 in Pago Pago
    const state = { streak: 5, lastDay: "2026-03-08" };
    const lastDay = restateLastDay(state.lastDay, now, "UTC", "Pacific/Pago_Pago");
    assert.equal(lastDay, "2026-03-07");
    assert.equal(currentStreak({ ...state, lastDay }, dayKey(now, "Pacific/Pago_Pago")), 5);
    assert.equal(recordCodingDay({ ...state, lastDay }, dayKey(now, "Pacific/Pago_Pago")).streak, 6);
    assert.equal(restateLastDay(null, now, "UTC", "Europe/Berlin"), null);
  });
});
