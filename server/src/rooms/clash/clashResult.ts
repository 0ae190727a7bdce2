import { type ClashMode, type ClashResultMessage, type ClashStanding, rankClash } from "@levelup/shared";
import type { ClashPlayerResult, ClashSettlement } from "../../services/clashes/types.ts";

/** What the room knows of one player at the end: their best submission, and its code (memory only). */
export interface ClashFinalEntry {
  userId: string;
  username: string;
  rating: number;
  passed: number;
  total: number;
  solved: boolean;
  timeMs: number | null;
  codeLength: number | null;
  forfeited: boolean;
  code: string | null;
}

/** Places by the mode's ranking (shared/src/rules/clash.ts), as the settlement takes them. */
export function placesOf(mode: ClashMode, entries: readonly ClashFinalEntry[]): ClashPlayerResult[] {
  const byUser = new Map(entries.map((e) => [e.userId, e]));
  return rankClash(mode, entries).map(({ userId, place }) => {
    const e = byUser.get(userId) as ClashFinalEntry;
    return {
      userId,
      place,
      passed: e.passed,
      total: e.total,
      timeMs: e.timeMs,
      codeLength: e.codeLength,
      forfeited: e.forfeited,
    };
  });
}

/**
 * The `clash_result` message: standings best first with the settlement's ratings and rewards (a
 * player the settlement left out keeps their rating and earns nothing), then every best
 * submission's code, the winner's first.
 */
export function resultMessage(
  entries: readonly ClashFinalEntry[],
  places: readonly ClashPlayerResult[],
  settlement: ClashSettlement,
): ClashResultMessage {
  const byUser = new Map(entries.map((e) => [e.userId, e]));
  const outcomes = new Map(settlement.outcomes.map((o) => [o.userId, o]));
  const standings: ClashStanding[] = places.map((p) => {
    const e = byUser.get(p.userId) as ClashFinalEntry;
    const o = outcomes.get(p.userId);
    return {
      userId: p.userId,
      username: e.username,
      place: p.place,
      passed: p.passed,
      total: p.total,
      timeMs: p.timeMs,
      codeLength: p.codeLength,
      forfeited: p.forfeited,
      ratingBefore: o?.ratingBefore ?? e.rating,
      ratingAfter: o?.ratingAfter ?? e.rating,
      provisional: o?.provisional ?? false,
      xp: o?.xp ?? 0,
      coins: o?.coins ?? 0,
    };
  });
  const solutions = places.flatMap((p) => {
    const e = byUser.get(p.userId) as ClashFinalEntry;
    return e.code === null ? [] : [{ userId: e.userId, code: e.code, passed: e.passed, total: e.total }];
  });
  const first = places[0];
  const winnerId = first && !first.forfeited && first.passed > 0 ? first.userId : null;
  return { rated: settlement.rated, standings, solutions, winnerId };
}
