import assert from "node:assert/strict";
import { itemCatalogue } from "../content/items.ts";
import { currencySchema } from "../protocol/economy.ts";
import { balancesOf, CURRENCIES, currencyIds, perCurrency } from "./currencies.ts";
import { COINS_PER_GEM } from "./exchange.ts";

describe("currencies (one table: rules/currencies.ts)", () => {
  it("when the table is read, then coins and gems are its currencies, in that order", () => {
    assert.deepEqual(currencyIds, ["coins", "gems"]);
  });

  it("when a purchase names a currency, then the protocol accepts exactly the table's ids", () => {
    for (const c of currencyIds) assert.equal(currencySchema.parse(c), c);
    assert.equal(currencySchema.safeParse("xp").success, false);
    assert.equal(currencySchema.safeParse("diamonds").success, false);
  });

  it("when an item of the catalogue is read, then it has a price field (a number or null) for every currency and is sold for one", () => {
    for (const item of itemCatalogue) {
      const prices = currencyIds.map((c) => item[CURRENCIES[c].priceKey]);
      for (const p of prices) assert.ok(p === null || (Number.isInteger(p) && p >= 0), `${item.id}: ${p}`);
      assert.ok(
        prices.some((p) => p !== null),
        `${item.id} is sold for some currency`,
      );
    }
  });

  it("when gems are bought at the exchange, then they cost COINS_PER_GEM coins each", () => {
    assert.deepEqual(CURRENCIES.gems.exchange, { paidWith: "coins", unitPrice: COINS_PER_GEM });
    assert.equal(CURRENCIES.coins.exchange, undefined);
  });

  it("when balances are taken from a larger value, then only the currencies are kept", () => {
    assert.deepEqual(balancesOf({ coins: 3, gems: 1, experience: 50 } as never), { coins: 3, gems: 1 });
    assert.deepEqual(
      perCurrency((c) => c.length),
      { coins: 5, gems: 4 },
    );
  });
});
