import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { Client } from "@colyseus/sdk";
import { api, newUser } from "./support/api.ts";
import { attemptAndSubmit, seeded } from "./challengesFixtures.ts";
import { joinCoding, nextMessage, until } from "./support/coding.ts";
import { leaveAll, party, playToEnd, readyAll } from "./support/dungeon.ts";
import { fund } from "./support/economy.ts";
import { TEST_METRICS_TOKEN, testServer } from "./support/testServer.ts";

/** The /metrics text, scraped with the METRICS_TOKEN bearer. */
async function scrape(): Promise<string> {
  const res = await api("GET", "/metrics", { headers: { authorization: `Bearer ${TEST_METRICS_TOKEN}` } });
  assert.equal(res.status, 200);
  return res.body as string;
}

/** The value of one series (name and exact labels, in the order prom-client writes them), 0 when absent. */
async function value(name: string, labels: Record<string, string> = {}): Promise<number> {
  const inner = Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .join(",");
  const key = inner ? `${name}{${inner}}` : name;
  const line = (await scrape()).split("\n").find((l) => l.startsWith(`${key} `));
  return line ? Number(line.slice(key.length + 1)) : 0;
}

before(async function () {
  this.timeout(180_000);
  await testServer();
});

describe("game metrics in /metrics", () => {
  it("when a player opens the hub in two tabs and closes them, then players online goes up by one and back", async () => {
    const { server } = await testServer();
    const user = await newUser("online");
    const before = await value("levelup_players_online");
    const tabs = [new Client(server.url), new Client(server.url)];
    const rooms = [];
    for (const tab of tabs) {
      tab.auth.token = user.token;
      rooms.push(await tab.joinOrCreate("hub"));
    }
    await until(async () => (await value("levelup_players_online")) === before + 1);
    assert.ok((await value("colyseus_clients", { room: "hub" })) >= 2);
    assert.ok((await value("colyseus_rooms", { room: "hub" })) >= 1);
    for (const room of rooms) await room.leave();
    await until(async () => (await value("levelup_players_online")) === before);
  });

  it("when coding lines are accepted and refused, then both are counted (refusals by reason) and the XP by source", async () => {
    const user = await newUser("metriclines");
    const accepted = await value("levelup_coding_lines_accepted_total");
    const tooMany = await value("levelup_coding_lines_refused_total", { reason: "too_many_lines" });
    const xp = await value("levelup_xp_granted_total", { source: "coding" });
    const { room, start } = await joinCoding(user);
    // Read at scrape time: the client is counted by the first scrape after the join.
    assert.ok((await value("colyseus_clients", { room: "coding" })) >= 1);
    assert.ok((await value("colyseus_rooms", { room: "coding" })) >= 1);
    room.send("coding_update", { linesAdded: 12, language: "python" });
    await until(async () => (await value("levelup_coding_lines_accepted_total")) >= accepted + 12);
    await until(async () => (await value("levelup_xp_granted_total", { source: "coding" })) >= xp + 12);
    const refused = nextMessage(room, "coding_rejected");
    room.send("coding_update", { linesAdded: 201, language: "python" });
    assert.equal((await refused).reason, "too_many_lines");
    assert.equal(await value("levelup_coding_lines_refused_total", { reason: "too_many_lines" }), tooMany + 201);
    const coins = await value("levelup_currency_granted_total", { currency: "coins", source: "coding" });
    const end = await api("POST", "/api/game/coding/end", {
      token: user.token,
      body: { sessionId: start.body.sessionId },
    });
    assert.equal(end.status, 200);
    assert.equal(
      await value("levelup_currency_granted_total", { currency: "coins", source: "coding" }),
      coins + end.body.rewards.coins,
    );
    await room.leave();
  });

  it("when an item is bought (and the purchase retried with its key), then one purchase and its coins spent are counted", async () => {
    const user = await newUser("metricshop");
    await fund(user, { coins: 1000 });
    const purchases = await value("levelup_purchases_total", { currency: "coins" });
    const spent = await value("levelup_currency_spent_total", { currency: "coins", source: "purchase" });
    const headers = { "idempotency-key": randomUUID() };
    const body = { itemId: "wooden_sword" };
    const first = await api("POST", "/api/game/shop/purchase", { token: user.token, body, headers });
    assert.equal(first.status, 200);
    const again = await api("POST", "/api/game/shop/purchase", { token: user.token, body, headers });
    assert.equal(again.status, 200);
    assert.equal(await value("levelup_purchases_total", { currency: "coins" }), purchases + 1);
    assert.equal(
      await value("levelup_currency_spent_total", { currency: "coins", source: "purchase" }),
      spent + 1000 - first.body.coins,
    );
  });

  it("when a battle is started and played to its end, then it is counted started and once won or lost", async function () {
    this.timeout(120_000);
    const user = await newUser("metricbattle");
    const started = await value("levelup_battles_started_total", { dungeon: "slime_cave" });
    const ended = async () =>
      (await value("levelup_battles_ended_total", { dungeon: "slime_cave", outcome: "won" })) +
      (await value("levelup_battles_ended_total", { dungeon: "slime_cave", outcome: "lost" }));
    const endedBefore = await ended();
    const rooms = await party([user]);
    await readyAll(rooms);
    assert.equal(await value("levelup_battles_started_total", { dungeon: "slime_cave" }), started + 1);
    const won = await value("levelup_battles_ended_total", { dungeon: "slime_cave", outcome: "won" });
    await playToEnd(rooms);
    const phase = rooms[0]?.state.phase;
    await until(async () => (await ended()) === endedBefore + 1);
    const wonNow = await value("levelup_battles_ended_total", { dungeon: "slime_cave", outcome: "won" });
    assert.equal(wonNow - won, phase === "victory" ? 1 : 0);
    await leaveAll(rooms);
    assert.equal(await ended(), endedBefore + 1);
  });

  it("when a code answer is graded, then the grader's job time is observed and its queue length is exposed", async function () {
    this.timeout(120_000);
    const user = await newUser("metricgrader");
    const jobs = await value("levelup_grader_job_seconds_count", { outcome: "graded" });
    const { seed, id } = await seeded<"CODE">("code-palindrome");
    const res = await attemptAndSubmit(user, id, seed.solution);
    assert.equal(res.status, 200);
    assert.equal(await value("levelup_grader_job_seconds_count", { outcome: "graded" }), jobs + 1);
    assert.ok((await value("levelup_grader_job_seconds_sum", { outcome: "graded" })) > 0);
    assert.match(await scrape(), /^levelup_grader_queue_length 0$/m);
  });

  it("when the profile is read, then its statements are timed by name and no series names a user", async () => {
    const user = await newUser("metricdb");
    const named = async () =>
      (await value("levelup_db_query_seconds_count", { query: "profile_with_gear" })) +
      (await value("levelup_db_query_seconds_count", { query: "select profiles" }));
    const before = await named();
    assert.equal((await api("GET", "/api/game/profile", { token: user.token })).status, 200);
    assert.ok((await named()) > before);
    const text = await scrape();
    assert.ok(!text.includes(user.id), "a series names a user id");
    const queries = new Set([...text.matchAll(/levelup_db_query_seconds_count\{query="([^"]+)"\}/g)].map((m) => m[1]));
    for (const q of queries)
      assert.match(q as string, /^(?:[a-z_]+|(?:with )?(?:select|insert|update|delete) [a-z_]+)$/);
  });
});
