import { COINS_PER_GEM } from "./exchange.ts";

/**
 * The game's currencies, one entry each: the id is the ledger's currency value, the balance key
 * of the profile and of every answer that carries balances, and the client's name key
 * (`stats.<id>`, `shop.price.<id>`); `priceKey` is the catalogue's price field; `exchange` says
 * what one unit costs at the exchange, if it is sold there.
 *
 * Adding a currency: an entry here, its balance column on `profiles` and its price column on
 * `shop_items` (`server/src/db/schema.ts`, one migration), its names in `client/src/i18n/`, and
 * its price in the items of `shared/src/content/items.ts` (docs/architecture.md).
 */
export const CURRENCIES = {
  coins: { priceKey: "priceCoins", exchange: undefined },
  gems: { priceKey: "priceGems", exchange: { paidWith: "coins", unitPrice: COINS_PER_GEM } },
} as const satisfies Record<
  string,
  { priceKey: `price${string}`; exchange: { paidWith: string; unitPrice: number } | undefined }
>;

export type Currency = keyof typeof CURRENCIES;

/** The currency ids in the table's order (the order balances are shown and ledger rows written). */
export const currencyIds = Object.keys(CURRENCIES) as [Currency, ...Currency[]];

/** An amount of each currency: balances, or the changes of one grant. */
export type Balances = Record<Currency, number>;

/** One number per currency, from a function of the currency. */
export function perCurrency(amount: (currency: Currency) => number): Balances {
  return Object.fromEntries(currencyIds.map((c) => [c, amount(c)])) as Balances;
}

/** The balances a larger value carries (a profile row, a grant's result, a purchase's answer). */
export function balancesOf(row: Balances): Balances {
  return perCurrency((c) => row[c]);
}
