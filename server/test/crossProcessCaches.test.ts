import assert from "node:assert/strict";
import pg from "pg";
import { call, eventually, registerOn, startTestCluster, type TestCluster } from "./support/cluster.ts";

/** Runs one statement on the cluster's database, by hand (no process is told). */
async function byHand(databaseUrl: string, statement: string, values: unknown[]): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(statement, values);
  } finally {
    await client.end();
  }
}

describe("what processes cache, changed on another process (sessions, profiles, inventories, quests)", function () {
  // Two server processes on one PostgreSQL database and Redis: slow to start on a busy machine.
  this.timeout(300_000);
  let cluster: TestCluster;
  before(async () => {
    cluster = await startTestCluster(["a", "b"]);
  });
  after(async () => {
    await cluster?.close();
  });

  for (const [what, body] of [
    ["logout-everywhere", (_refresh: string) => ({ everywhere: true })],
    ["a single session's logout", (refreshToken: string) => ({ refresh_token: refreshToken })],
  ] as const) {
    it(`when ${what} happens on one process, then the other's cached check refuses the token within 1 s`, async () => {
      const a = cluster.processes.get("a")!.url;
      const b = cluster.processes.get("b")!.url;
      const user = await registerOn(a, "xproc");
      const pair = { access_token: user.token, refresh_token: user.refreshToken };
      // Warm process b's cache: the token is checked (and its user cached) there first.
      assert.equal((await call(b, pair.access_token, "GET", "/api/auth/me")).status, 200);
      assert.equal((await call(b, pair.access_token, "GET", "/api/auth/me")).status, 200);
      const out = await call(a, pair.access_token, "POST", "/api/auth/logout", body(pair.refresh_token));
      assert.equal(out.status, 204);
      const loggedOutAt = Date.now();
      let refusedAt = 0;
      const refused = await eventually(async () => {
        const res = await call(b, pair.access_token, "GET", "/api/auth/me");
        if (res.status === 401) refusedAt = Date.now();
        return res.status === 401;
      }, 1_000);
      assert.ok(refused, "process b still accepts the token 1 s after the logout on a");
      assert.ok(refusedAt - loggedOutAt <= 1_500, `refused after ${refusedAt - loggedOutAt} ms`);
    });
  }

  it("when a player's profile changes on one process, then the other's cached profile shows it within 1 s", async () => {
    const a = cluster.processes.get("a")!.url;
    const b = cluster.processes.get("b")!.url;
    const user = await registerOn(a, "xprof");
    // Warm process b's cache: the profile is read (and kept) there first.
    for (let i = 0; i < 2; i++) {
      const before = await call(b, user.token, "GET", "/api/game/profile");
      assert.equal(before.body.timeZone, "UTC");
    }
    const set = await call(a, user.token, "PUT", "/api/game/profile/time-zone", { timeZone: "Asia/Seoul" });
    assert.equal(set.status, 200, JSON.stringify(set.body));
    const changedAt = Date.now();
    const seen = await eventually(
      async () => (await call(b, user.token, "GET", "/api/game/profile")).body.timeZone === "Asia/Seoul",
      1_000,
    );
    assert.ok(seen, `process b still shows the old time zone ${Date.now() - changedAt} ms after the change on a`);
  });

  it("when a player's inventory changes on one process, then the other's cached inventory shows it within 1 s", async () => {
    const a = cluster.processes.get("a")!.url;
    const b = cluster.processes.get("b")!.url;
    const user = await registerOn(a, "xinv");
    await byHand(cluster.databaseUrl, "update profiles set coins = 1000 where user_id = $1", [user.id]);
    const swordOnB = async () =>
      (await call(b, user.token, "GET", "/api/game/inventory")).body.items.find(
        (i: { itemId: string }) => i.itemId === "wooden_sword",
      );
    // Warm process b's cache: the inventory is read (and kept) there first.
    for (let i = 0; i < 2; i++) assert.equal(await swordOnB(), undefined);
    const bought = await call(a, user.token, "POST", "/api/game/shop/purchase", { itemId: "wooden_sword" });
    assert.equal(bought.status, 200, JSON.stringify(bought.body));
    assert.ok(await eventually(async () => (await swordOnB()) !== undefined, 1_000), "b misses the purchase on a");
    assert.equal((await swordOnB()).equipped, false);
    const equipped = await call(a, user.token, "POST", "/api/game/inventory/equip", {
      inventoryItemId: bought.body.inventoryItem.id,
      equip: true,
    });
    assert.equal(equipped.status, 200, JSON.stringify(equipped.body));
    assert.ok(await eventually(async () => (await swordOnB()).equipped === true, 1_000), "b misses the equip on a");
  });

  it("when a player's quests change on one process, then the other's cached list shows it within 1 s", async () => {
    const a = cluster.processes.get("a")!.url;
    const b = cluster.processes.get("b")!.url;
    const user = await registerOn(a, "xquest");
    await byHand(cluster.databaseUrl, "update profiles set coins = 1000 where user_id = $1", [user.id]);
    const questOnB = async (templateId: string) =>
      (await call(b, user.token, "GET", "/api/game/quests")).body.items.find(
        (q: { templateId: string }) => q.templateId === templateId,
      );
    const boughtOnB = async () =>
      (await questOnB("weekly_shopper")).requirements.find((r: { kind: string }) => r.kind === "items_bought").progress;
    // Warm process b's cache: the list is read (and kept) there first.
    for (let i = 0; i < 2; i++) assert.equal(await boughtOnB(), 0);
    // A purchase is a grant that advances the shopping quest.
    const bought = await call(a, user.token, "POST", "/api/game/shop/purchase", { itemId: "health_potion" });
    assert.equal(bought.status, 200, JSON.stringify(bought.body));
    assert.ok(await eventually(async () => (await boughtOnB()) === 1, 1_000), "b misses the purchase on a");

    const daily = await questOnB("daily_lines");
    await byHand(cluster.databaseUrl, "update quests set status = 'completed' where id = $1", [daily.id]);
    const claimed = await call(a, user.token, "POST", "/api/game/quests/complete", { questId: daily.id });
    assert.equal(claimed.status, 200, JSON.stringify(claimed.body));
    assert.ok(
      await eventually(async () => (await questOnB("daily_lines")).status === "claimed", 1_000),
      "b misses the claim on a",
    );
  });
});
