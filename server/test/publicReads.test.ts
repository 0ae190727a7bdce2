import assert from "node:assert/strict";
import { randomInt } from "node:crypto";
import { api, newUser } from "./support/api.ts";
import { TEST_PUBLIC_READS_PER_MINUTE } from "./support/testServer.ts";

/** A client address of its own per test (the test server trusts X-Forwarded-For from loopback), so limits do not mix. */
const someNetwork = () => ({ "x-forwarded-for": `198.51.${randomInt(0, 256)}.${randomInt(1, 255)}` });

const PUBLIC_READS = ["/api/game/challenges", "/api/game/leaderboard", "/api/game/leaderboard?period=weekly&limit=5"];

describe("public reads", () => {
  it("when the challenge list and the leaderboards are read without a token, then they answer 200 with a public Cache-Control and an ETag", async () => {
    const headers = someNetwork();
    for (const path of PUBLIC_READS) {
      const res = await api("GET", path, { headers });
      assert.equal(res.status, 200, `${path}: ${JSON.stringify(res.body)}`);
      assert.ok(Array.isArray(res.body.items), path);
      assert.match(res.headers.get("cache-control") ?? "", /^public, max-age=\d+$/, path);
      assert.ok(res.headers.get("etag"), `${path} has an ETag`);
    }
    const list = await api("GET", "/api/game/challenges", { headers });
    const one = await api("GET", `/api/game/challenges/${list.body.items[0].id}`, { headers });
    assert.equal(one.status, 200);
    assert.equal(one.body.id, list.body.items[0].id);
  });

  it("when a public read repeats its ETag in If-None-Match, then it is a 304 without a body", async () => {
    const headers = someNetwork();
    const first = await api("GET", "/api/game/challenges", { headers });
    const etag = first.headers.get("etag") as string;
    // As a browser revalidates (fetch itself would add "no-cache", which asks for a full answer).
    const revalidate = { ...headers, "if-none-match": etag, "cache-control": "max-age=0" };
    const again = await api("GET", "/api/game/challenges", { headers: revalidate });
    assert.equal(again.status, 304);
    assert.equal(again.body, undefined);
  });

  it("when the same reads carry a token, then they answer as before; a bad token is still a 401", async () => {
    const user = await newUser("pubtok");
    for (const path of PUBLIC_READS) {
      const anonymous = await api("GET", path, { headers: someNetwork() });
      const signedIn = await api("GET", path, { token: user.token });
      assert.equal(signedIn.status, 200, path);
      assert.deepEqual(Object.keys(signedIn.body).sort(), Object.keys(anonymous.body).sort(), path);
      const bad = await api("GET", path, { token: `${user.token}x` });
      assert.equal(bad.status, 401, `${path} with a forged token`);
      assert.equal(bad.body.error.code, "INVALID_TOKEN");
    }
  });

  it("when one network reads anonymously past its limit, then 429 with Retry-After; other networks and signed-in reads go on", async () => {
    const headers = someNetwork();
    for (let i = 0; i < TEST_PUBLIC_READS_PER_MINUTE; i++) {
      const res = await api("GET", "/api/game/leaderboard?limit=1", { headers });
      assert.equal(res.status, 200, `read ${i + 1}`);
    }
    const over = await api("GET", "/api/game/challenges?limit=1", { headers });
    assert.equal(over.status, 429);
    assert.equal(over.body.error.code, "RATE_LIMITED");
    assert.ok(Number(over.headers.get("retry-after")) > 0);
    assert.equal(over.headers.get("cache-control"), null, "a refusal is not cacheable");
    assert.equal((await api("GET", "/api/game/leaderboard?limit=1", { headers: someNetwork() })).status, 200);
    const user = await newUser("publim");
    const signedIn = await api("GET", "/api/game/leaderboard?limit=1", { headers, token: user.token });
    assert.equal(signedIn.status, 200);
  });

  it("when anything that writes or shows a player's own data is called without a token, then 401", async () => {
    const calls: [string, string, unknown?][] = [
      [
        "POST",
        "/api/game/challenges",
        { type: "CTF", title: "t", description: "d", difficulty: 1, xpReward: 1, coinReward: 0, answer: "a" },
      ],
      ["POST", "/api/game/challenges/submit", { challengeId: "00000000-0000-4000-8000-000000000000", answer: "a" }],
      ["GET", "/api/game/profile"],
      ["GET", "/api/game/dashboard"],
      ["GET", "/api/game/attempts"],
      ["GET", "/api/game/quests"],
      ["GET", "/api/game/inventory"],
      ["GET", "/api/game/badges/me"],
      ["GET", "/api/game/coding/sessions"],
      ["GET", "/api/admin/challenges"],
      ["POST", "/api/game/badges", { id: "x_badge", name: "x", condition: { type: "xp", threshold: 1 } }],
    ];
    for (const [method, path, body] of calls) {
      const res = await api(method, path, { body, headers: someNetwork() });
      assert.equal(res.status, 401, `${method} ${path}`);
    }
  });
});
