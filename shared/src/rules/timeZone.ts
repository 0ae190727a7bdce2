/**
 * Days and weeks in a player's own time zone (docs/game-rules.md, Time zones): the day key the
 * streak and daily quests use, the Monday-based week key of weekly quests, the instants those
 * periods begin and end, and the rules of changing one's zone. Pure: `Intl` only.
 */

/** A calendar day as "YYYY-MM-DD". */
export type DayKey = string;

/** Longest zone name accepted (the longest IANA name is about 30 characters). */
export const TIME_ZONE_MAX_LENGTH = 64;

/** A player may change their time zone once per this many milliseconds (the first setting included). */
export const TIME_ZONE_CHANGE_INTERVAL_MS = 7 * 86_400_000;

/**
 * An IANA name: "UTC", "Etc/GMT+5" or Area/Location[/Sub]. Offsets ("+25:00", "+01:00") are refused
 * even where the runtime's Intl would take them: a fixed offset has no daylight-saving rules.
 */
const IANA_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+){0,2}$/;

/** Day formatters by canonical zone name (a few hundred at most): building one costs ~0.1 ms. */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(canonicalZone: string): Intl.DateTimeFormat {
  let f = formatters.get(canonicalZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-CA", {
      timeZone: canonicalZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
    });
    formatters.set(canonicalZone, f);
  }
  return f;
}

/**
 * canonicalTimeZone's answers by the name as given. Asking Intl builds a formatter each time, which
 * was a tenth of a profile read's CPU (the streak's day keys). Bounded: spellings sent by players
 * (any mix of cases) cannot grow it without limit.
 */
const canonicalNames = new Map<string, string | undefined>();
const CANONICAL_NAMES_MAX = 1_000;

/**
 * The canonical spelling of an IANA zone name ("europe/berlin" → "Europe/Berlin"), or undefined
 * when the name is not one this runtime knows (unknown, an offset, too long, not a string).
 */
export function canonicalTimeZone(name: unknown): string | undefined {
  if (typeof name !== "string" || name.length > TIME_ZONE_MAX_LENGTH || !IANA_NAME.test(name)) return undefined;
  if (canonicalNames.has(name)) return canonicalNames.get(name);
  let canonical: string | undefined;
  try {
    canonical = new Intl.DateTimeFormat("en", { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    canonical = undefined;
  }
  if (canonicalNames.size >= CANONICAL_NAMES_MAX) canonicalNames.clear();
  canonicalNames.set(name, canonical);
  return canonical;
}

/** Whether `timeZone` is an IANA zone name this runtime knows. */
export function isValidTimeZone(timeZone: string): boolean {
  return canonicalTimeZone(timeZone) !== undefined;
}

/**
 * Day keys by zone and minute. Formatting a date is most of a day key's cost, and reads ask for the
 * same few (today's, in each player's zone) again and again. Since 1973 every zone's offset is a
 * whole number of minutes (Monrovia's -0:44:30 ended in 1972), so a day always begins on a minute:
 * all instants of one minute share their day. Bounded like canonicalNames.
 */
const dayKeysByMinute = new Map<string, DayKey>();
const DAY_KEYS_MAX = 10_000;
const WHOLE_MINUTE_OFFSETS_FROM_MS = Date.UTC(1973, 0, 1);

/** The calendar day an instant (milliseconds) falls on in `timeZone`; an unknown zone counts as UTC. */
export function dayKey(instantMs: number, timeZone = "UTC"): DayKey {
  const zone = canonicalTimeZone(timeZone) ?? "UTC";
  if (!(instantMs >= WHOLE_MINUTE_OFFSETS_FROM_MS)) return formatDay(zone, instantMs);
  const memoKey = `${zone} ${Math.floor(instantMs / 60_000)}`;
  let day = dayKeysByMinute.get(memoKey);
  if (day === undefined) {
    day = formatDay(zone, instantMs);
    if (dayKeysByMinute.size >= DAY_KEYS_MAX) dayKeysByMinute.clear();
    dayKeysByMinute.set(memoKey, day);
  }
  return day;
}

function formatDay(canonicalZone: string, instantMs: number): DayKey {
  const parts = Object.fromEntries(
    formatterFor(canonicalZone)
      .formatToParts(new Date(instantMs))
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/** `day` moved by `days` calendar days. */
export function addDays(day: DayKey, days: number): DayKey {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** The Monday of the week `day` falls in. */
export function mondayOf(day: DayKey): DayKey {
  const weekday = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  return addDays(day, -weekday);
}

/** The Monday-based week an instant falls in, in `timeZone`: the key is the week's Monday. */
export function weekKey(instantMs: number, timeZone = "UTC"): DayKey {
  return mondayOf(dayKey(instantMs, timeZone));
}

/**
 * The first instant (milliseconds) of the local day `day` in `timeZone`: usually its midnight,
 * later where a daylight-saving change skips midnight. Found by bisection over the day keys,
 * since every zone's offset lies within ±15 hours of UTC.
 */
export function dayStartMs(day: DayKey, timeZone = "UTC"): number {
  const utcMidnight = Date.parse(`${day}T00:00:00Z`);
  let low = utcMidnight - 15 * 3_600_000; // still the day before everywhere
  let high = utcMidnight + 15 * 3_600_000; // already `day` (or later) everywhere
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (dayKey(mid, timeZone) < day) low = mid;
    else high = mid;
  }
  return high;
}

/** A daily or weekly period in a zone: its first day and its exclusive end (ms). */
export interface ZonedPeriod {
  start: DayKey;
  endsAt: number;
}

/** The local day of an instant in `timeZone`, and when that day ends. */
export function dayPeriod(instantMs: number, timeZone = "UTC"): ZonedPeriod {
  const start = dayKey(instantMs, timeZone);
  return { start, endsAt: dayStartMs(addDays(start, 1), timeZone) };
}

/** The local Monday-based week of an instant in `timeZone`, and when that week ends. */
export function weekPeriod(instantMs: number, timeZone = "UTC"): ZonedPeriod {
  const start = weekKey(instantMs, timeZone);
  return { start, endsAt: dayStartMs(addDays(start, 7), timeZone) };
}

/** When a player whose zone was last changed at `changedAtMs` (null: never) may change it again. */
export function nextTimeZoneChangeAt(changedAtMs: number | null): number {
  return changedAtMs === null ? 0 : changedAtMs + TIME_ZONE_CHANGE_INTERVAL_MS;
}

/**
 * The streak's last coding day restated in the new zone, so that a change of zone neither credits
 * nor removes a day: a day that was "today" (or "yesterday", …) in the old zone is "today" (or
 * "yesterday", …) in the new one. Without it, moving to a zone already on tomorrow would let a
 * second session of the same real day extend the streak, and moving back would break it.
 */
export function restateLastDay(lastDay: DayKey | null, nowMs: number, fromZone: string, toZone: string): DayKey | null {
  if (lastDay === null) return null;
  const daysAgo = Math.round(
    (Date.parse(`${dayKey(nowMs, fromZone)}T00:00:00Z`) - Date.parse(`${lastDay}T00:00:00Z`)) / 86_400_000,
  );
  return addDays(dayKey(nowMs, toZone), -daysAgo);
}
