/** Coins one gem costs at the exchange (seed: 100 coins = 1 gem, coins to gems only). */
export const COINS_PER_GEM = 100;

/** Coins spent to buy `gems` gems at the exchange. */
export function coinsForGems(gems: number): number {
  return gems * COINS_PER_GEM;
}

/** The most gems `coins` can buy. */
export function gemsAffordable(coins: number): number {
  return Math.floor(Math.max(0, coins) / COINS_PER_GEM);
}
