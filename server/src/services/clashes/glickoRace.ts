/// <reference path="../../types/glicko2.d.ts" />
// Referenced here, not left to the server's tsconfig: workspaces that compile this file through
// an import (the load scripts) see the declaration too.
import { Glicko2 } from "glicko2";

/**
 * Glicko-2 for code clashes (docs/game-rules.md, "Clashes"): each rated clash is one rating period
 * in which every player met every other, the better place winning and equal places drawing (the
 * `glicko2` package's race). Pure: no I/O.
 */

export interface GlickoRating {
  rating: number;
  deviation: number;
  volatility: number;
}

/** Glickman's suggested system constant and starting values (his Glicko-2 paper). */
export const CLASH_GLICKO = { tau: 0.5, rating: 1500, deviation: 350, volatility: 0.06 } as const;

/** A player who has never played a rated clash. */
export const NEWCOMER_RATING: GlickoRating = {
  rating: CLASH_GLICKO.rating,
  deviation: CLASH_GLICKO.deviation,
  volatility: CLASH_GLICKO.volatility,
};

/**
 * Ratings after one clash. `place` is 1-based, smaller is better; players sharing a place drew
 * with each other. Every player is returned, keyed by id.
 */
export function rateRace(
  entries: readonly { id: string; place: number; before: GlickoRating }[],
  tau: number = CLASH_GLICKO.tau,
): Map<string, GlickoRating> {
  // A fresh instance per race: updateRatings moves every player the instance has made.
  const glicko = new Glicko2({
    tau,
    rating: CLASH_GLICKO.rating,
    rd: CLASH_GLICKO.deviation,
    vol: CLASH_GLICKO.volatility,
  });
  const players = entries.map((e) => ({
    ...e,
    player: glicko.makePlayer(e.before.rating, e.before.deviation, e.before.volatility),
  }));
  const places = [...new Set(entries.map((e) => e.place))].sort((a, b) => a - b);
  const positions = places.map((place) => players.filter((p) => p.place === place).map((p) => p.player));
  glicko.updateRatings(glicko.makeRace(positions));
  return new Map(
    players.map((p) => [
      p.id,
      { rating: p.player.getRating(), deviation: p.player.getRd(), volatility: p.player.getVol() },
    ]),
  );
}

/**
 * Places among the players kept (the others removed): one plus how many kept players did
 * strictly better, so ties stay ties and the gaps left by removed players close ("1, 3" → "1, 2").
 */
export function placesAmong<T extends { place: number }>(kept: readonly T[]): (T & { place: number })[] {
  return kept.map((p) => ({ ...p, place: 1 + kept.filter((o) => o.place < p.place).length }));
}
