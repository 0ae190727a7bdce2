import { CLASH_MIN_PLAYERS, clashReward } from "@levelup/shared";
import { sameNetwork } from "../integrity/AccountLinks.ts";
import { type GlickoRating, placesAmong, rateRace } from "./glickoRace.ts";
import type { ClashPlayerResult, ClashSettlementInput } from "./types.ts";

/** One player's line of a settlement, before the daily cap decides whether its reward is paid. */
export interface PlannedLine {
  result: ClashPlayerResult;
  /** Rated (and so payable): in a rated clash and linked to no other player of it. */
  rated: boolean;
  before: GlickoRating;
  after: GlickoRating;
  /** First among the rated players, with at least one validator passed and no forfeit. */
  won: boolean;
  /** What the place pays (clashReward), before the daily cap. */
  reward: { xp: number; coins: number };
}

export interface SettlementPlan {
  rated: boolean;
  lines: PlannedLine[];
}

/**
 * Players linked to another player of the same clash (the rule of
 * server/src/services/integrity/AccountLinks.ts, on each pair): all of them are left out, since
 * which of two linked accounts "wins" is exactly what a farm would choose.
 */
export function linkedPlayers(networks: ReadonlyMap<string, string | null>): Set<string> {
  const ids = [...networks.keys()];
  const linked = new Set<string>();
  for (const a of ids) {
    for (const b of ids) {
      if (a !== b && sameNetwork(networks.get(a) ?? null, networks.get(b) ?? null)) linked.add(a);
    }
  }
  return linked;
}

/**
 * What a clash changes (docs/game-rules.md, "Clashes"): the players linked to no other are ranked
 * among themselves (their places closed up), rated by one Glicko-2 race and paid by place; with
 * fewer than two of them the clash is unrated and nobody's rating or balance moves.
 */
export function planSettlement(
  input: Pick<ClashSettlementInput, "difficulty" | "players">,
  ratings: ReadonlyMap<string, GlickoRating>,
  networks: ReadonlyMap<string, string | null>,
): SettlementPlan {
  const linked = linkedPlayers(networks);
  // `networks` holds the accounts that exist: one deleted since the clash began is left out too.
  const ranked = placesAmong(input.players.filter((p) => networks.has(p.userId) && !linked.has(p.userId)));
  const rated = ranked.length >= CLASH_MIN_PLAYERS;
  const ratingOf = (userId: string) => {
    const rating = ratings.get(userId);
    if (!rating) throw new Error(`no rating loaded for ${userId}`);
    return rating;
  };
  const after = rated
    ? rateRace(ranked.map((p) => ({ id: p.userId, place: p.place, before: ratingOf(p.userId) })))
    : new Map<string, GlickoRating>();
  const rankedPlace = new Map(ranked.map((p) => [p.userId, p.place]));
  return {
    rated,
    lines: input.players.map((result) => {
      const before = ratingOf(result.userId);
      const place = rankedPlace.get(result.userId);
      if (!rated || place === undefined) {
        return { result, rated: false, before, after: before, won: false, reward: { xp: 0, coins: 0 } };
      }
      return {
        result,
        rated: true,
        before,
        after: after.get(result.userId) ?? before,
        won: place === 1 && result.passed > 0 && !result.forfeited,
        reward: clashReward(input.difficulty, place, ranked.length, result),
      };
    }),
  };
}
