import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { api, newUser } from "./support/api.ts";
import { testServer } from "./support/testServer.ts";

async function giveCoins(userId: string, coins: number) {
  const { server } = await testServer();
  await server.ctx.progression.grant({
    userId,
    ref: `test:coins:${randomBytes(4).toString("hex")}`,
    reason: "test",
    coins,
  });
}

describe("shop exchange", () => {
  it("when 2 gems are bought with 250 coins, then 200 coins are spent and 2 gems gained", async () => {
    const user = await newUser("ex");
    await giveCoins(user.id, 250);
    const res = await api("POST", "/api/game/shop/exchange", { token: user.token, body: { gems: 2 } });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { coins: 50, gems: 2, coinsSpent: 200, gemsGained: 2 });
  });

  it("when the coins do not cover the gems, then 422 INSUFFICIENT_FUNDS and nothing changes", async () => {
    const user = await newUser("expoor");
    await giveCoins(user.id, 99);
    const res = await api("POST", "/api/game/shop/exchange", { token: user.token, body: { gems: 1 } });
    assert.equal(res.status, 422);
    assert.equal(res.body.error.code, "INSUFFICIENT_FUNDS");
    const profile = await api("GET", "/api/game/profile", { token: user.token });
    assert.equal(profile.body.coins, 99);
    assert.equal(profile.body.gems, 0);
  });

  it("when 10 exchanges race for coins that cover 3, then exactly 3 succeed and coins never go negative", async () => {
    const user = await newUser("exrace");
    await giveCoins(user.id, 300);
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        api("POST", "/api/game/shop/exchange", { token: user.token, body: { gems: 1 } }),
      ),
    );
    assert.equal(results.filter((r) => r.status === 200).length, 3);
    assert.equal(results.filter((r) => r.status === 422).length, 7);
    const profile = await api("GET", "/api/game/profile", { token: user.token });
    assert.equal(profile.body.coins, 0);
    assert.equal(profile.body.gems, 3);
  });

  it("when a request is retried with the same Idempotency-Key, then it converts once", async () => {
    const user = await newUser("exidem");
    await giveCoins(user.id, 500);
    const headers = { "idempotency-key": `key_${randomBytes(6).toString("hex")}` };
    const a = await api("POST", "/api/game/shop/exchange", { token: user.token, body: { gems: 2 }, headers });
    const b = await api("POST", "/api/game/shop/exchange", { token: user.token, body: { gems: 2 }, headers });
    assert.deepEqual(a.body, b.body);
    const profile = await api("GET", "/api/game/profile", { token: user.token });
    assert.equal(profile.body.coins, 300);
  });

  it("when an Idempotency-Key is reused with another amount, then 422 IDEMPOTENCY_KEY_REUSED and nothing more is converted", async () => {
    const user = await newUser("exreuse");
    await giveCoins(user.id, 500);
    const headers = { "idempotency-key": `key_${randomBytes(6).toString("hex")}` };
    const first = await api("POST", "/api/game/shop/exchange", { token: user.token, body: { gems: 1 }, headers });
    assert.equal(first.status, 200);
    const reused = await api("POST", "/api/game/shop/exchange", { token: user.token, body: { gems: 3 }, headers });
    assert.equal(reused.status, 422);
    assert.equal(reused.body.error.code, "IDEMPOTENCY_KEY_REUSED");
    const profile = await api("GET", "/api/game/profile", { token: user.token });
    assert.equal(profile.body.coins, 400);
    assert.equal(profile.body.gems, 1);
  });

  const bad: [string, unknown][] = [
    ["zero gems", { gems: 0 }],
    ["a fraction", { gems: 1.5 }],
    ["a string", { gems: "3" }],
    ["nothing", {}],
  ];
  for (const [what, body] of bad) {
    it(`when the body has ${what}, then 400`, async () => {
      const user = await newUser("exbad");
      const res = await api("POST", "/api/game/shop/exchange", { token: user.token, body });
      assert.equal(res.status, 400);
    });
  }
});
