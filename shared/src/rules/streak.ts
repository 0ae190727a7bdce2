import { dayKey } from "./timeZone.ts";

/** A calendar day as "YYYY-MM-DD". */
export type CalendarDay = string;

/** The calendar day an instant (milliseconds) falls on in `timeZone`; an unknown zone counts as UTC. */
export const calendarDay = dayKey;

/** Whole days from `from` to `to` (both "YYYY-MM-DD"); negative when `to` is earlier. */
export function daysBetween(from: CalendarDay, to: CalendarDay): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export interface StreakState {
  /** Consecutive calendar days with a session that earned XP. */
  streak: number;
  /** The last such day, or null before the first. */
  lastDay: CalendarDay | null;
}

/**
 * The streak after a session earned XP on `today`: the same day changes nothing, the next day
 * adds one, and after a missed day (or before any) the streak starts again at 1.
 */
export function recordCodingDay(state: StreakState, today: CalendarDay): StreakState {
  if (state.lastDay === null) return { streak: 1, lastDay: today };
  const gap = daysBetween(state.lastDay, today);
  if (gap <= 0) return { streak: Math.max(1, state.streak), lastDay: state.lastDay };
  if (gap === 1) return { streak: state.streak + 1, lastDay: today };
  return { streak: 1, lastDay: today };
}

/** The streak as shown on `today`: it survives until the end of the day after the last one, then is 0. */
export function currentStreak(state: StreakState, today: CalendarDay): number {
  if (state.lastDay === null) return 0;
  return daysBetween(state.lastDay, today) <= 1 ? state.streak : 0;
}
