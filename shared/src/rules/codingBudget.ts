import { CODING_CAPS } from "./coding.ts";

/**
 * The per-player coding budget: how many lines a player may still be paid for, whatever the
 * number of sessions, rooms, trackers or server processes they use. One record per player,
 * kept where every process sees it (the server stores it in the database and changes it only
 * under a row lock); this module is the rule alone. Pure: the caller passes the time in.
 *
 * Two limits hold at once:
 * - at most `maxLinesPerWindow` lines in any sliding window of `windowMs` (600 a minute);
 * - at most `maxLinesPerDay` lines per UTC calendar day.
 * Ending a session and starting another does not touch the record, so it gives no new budget.
 */
export interface CodingBudget {
  /**
   * Lines spent recently, oldest first. Spends less than `MERGE_MS` apart share one entry stamped
   * with the later instant: the entry then leaves the window a little late (never early), which
   * keeps the record at about 60 entries however the lines were split.
   */
  recent: { at: number; lines: number }[];
  /** The UTC day (days since the epoch) `dayLines` counts. */
  day: number;
  dayLines: number;
}

export const EMPTY_CODING_BUDGET: CodingBudget = { recent: [], day: 0, dayLines: 0 };

const MERGE_MS = 1000;
const DAY_MS = 86_400_000;

export type CodingRefusalReason = "too_many_lines" | "rate_limited" | "daily_limit";

/** Rule names as the anti-cheat record counts them (stable: they are metric labels). */
export const CODING_RULE: Record<CodingRefusalReason, string> = {
  too_many_lines: "coding.lines_per_update",
  rate_limited: "coding.lines_per_minute",
  daily_limit: "coding.lines_per_day",
};

export type SpendVerdict =
  | { accepted: true; budget: CodingBudget }
  | { accepted: false; reason: CodingRefusalReason; message: string; retryAfterMs?: number };

const utcDay = (ms: number) => Math.floor(ms / DAY_MS);

/**
 * Whether `lines` new lines may be paid at `now` (ms) under the budget; when they may, the budget
 * after paying them. A refused spend changes nothing (the lines are refused whole, not cut).
 * Instants earlier than the last spend count as that spend's instant, so clocks of different
 * processes that disagree a little can never reopen a window.
 */
export function spendLines(budget: CodingBudget, lines: number, now: number): SpendVerdict {
  if (lines > CODING_CAPS.maxLinesPerEvent) {
    return {
      accepted: false,
      reason: "too_many_lines",
      message: `At most ${CODING_CAPS.maxLinesPerEvent} lines per update`,
    };
  }
  const last = budget.recent.at(-1);
  const at = Math.max(now, last?.at ?? now);
  const day = utcDay(at);
  const dayLines = day === budget.day ? budget.dayLines : 0;
  if (dayLines + lines > CODING_CAPS.maxLinesPerDay) {
    return {
      accepted: false,
      reason: "daily_limit",
      message: `At most ${CODING_CAPS.maxLinesPerDay} lines per day (UTC); the budget renews at midnight UTC`,
      retryAfterMs: (day + 1) * DAY_MS - now,
    };
  }
  const kept = budget.recent.filter((r) => r.at > at - CODING_CAPS.windowMs);
  const inWindow = kept.reduce((sum, r) => sum + r.lines, 0);
  if (inWindow + lines > CODING_CAPS.maxLinesPerWindow) {
    return {
      accepted: false,
      reason: "rate_limited",
      message: `At most ${CODING_CAPS.maxLinesPerWindow} lines per minute, across all your sessions`,
      retryAfterMs: Math.max(0, retryAt(kept, inWindow, lines) - now),
    };
  }
  if (lines <= 0) return { accepted: true, budget: { recent: kept, day, dayLines } };
  const tail = kept.at(-1);
  const recent =
    tail && at - tail.at < MERGE_MS
      ? [...kept.slice(0, -1), { at, lines: tail.lines + lines }]
      : [...kept, { at, lines }];
  return { accepted: true, budget: { recent, day, dayLines: dayLines + lines } };
}

/** The earliest instant at which enough old lines leave the window for `lines` more to fit. */
function retryAt(kept: CodingBudget["recent"], inWindow: number, lines: number): number {
  let freed = 0;
  for (const r of kept) {
    freed += r.lines;
    if (inWindow - freed + lines <= CODING_CAPS.maxLinesPerWindow) return r.at + CODING_CAPS.windowMs;
  }
  return (kept.at(-1)?.at ?? 0) + CODING_CAPS.windowMs;
}

/**
 * A budget read from storage or the network, made safe to use: unknown shapes become the empty
 * budget's fields, entries are whole non-negative numbers in time order, at most one window's worth.
 */
export function parseCodingBudget(raw: unknown): CodingBudget {
  const r = (raw ?? {}) as Partial<CodingBudget>;
  const whole = (n: unknown) => (typeof n === "number" && Number.isFinite(n) && n >= 0 ? Math.floor(n) : 0);
  const recent = Array.isArray(r.recent)
    ? r.recent
        .map((e) => ({ at: whole(e?.at), lines: whole(e?.lines) }))
        .filter((e) => e.lines > 0)
        .sort((a, b) => a.at - b.at)
    : [];
  return { recent, day: whole(r.day), dayLines: whole(r.dayLines) };
}
