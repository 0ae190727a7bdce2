import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { api, newUser } from "./support/api.ts";
import { testServer } from "./support/testServer.ts";

describe("profile and progress", () => {
  it("when a new player asks for the profile, then it has level 1, 0 XP, base stats and nothing equipped", async () => {
    const user = await newUser("prof");
    const res = await api("GET", "/api/game/profile", { token: user.token });
    assert.equal(res.status, 200);
    assert.equal(res.body.userId, user.id);
    assert.equal(res.body.username, user.username);
    assert.equal(res.body.level, 1);
    assert.equal(res.body.experience, 0);
    assert.equal(res.body.xpToNextLevel, 100);
    assert.equal(res.body.coins, 0);
    assert.equal(res.body.gems, 0);
    assert.equal(res.body.codingStreak, 0);
    assert.deepEqual(res.body.equipped, []);
    assert.equal(typeof res.body.stats.hp, "number");
    assert.equal(res.body.statistics.linesWritten, 0);
  });

  it("when XP is earned, then profile and progress show level, XP to next level and the rank", async () => {
    const { server } = await testServer();
    const user = await newUser("prog");
    await server.ctx.progression.grant({
      userId: user.id,
      ref: `test:${randomUUID()}`,
      reason: "test",
      xp: 150,
      events: [
        { kind: "challenge_attempt", status: "passed" },
        { kind: "challenge_attempt", status: "failed" },
        { kind: "challenge_attempt", status: "failed" },
      ],
    });
    const profile = await api("GET", "/api/game/profile", { token: user.token });
    assert.equal(profile.body.level, 2);
    assert.equal(profile.body.xpToNextLevel, 250);

    const viewer = await newUser("view");
    const res = await api("GET", `/api/game/leaderboard/users/${user.id}/progress`, { token: viewer.token });
    assert.equal(res.status, 200);
    assert.equal(res.body.userId, user.id);
    assert.equal(res.body.experience, 150);
    assert.equal(res.body.xpToNextLevel, 250);
    assert.deepEqual(res.body.attempts, { passed: 1, failed: 2 });
    assert.deepEqual(
      res.body.badges.map((b: { id: string }) => b.id),
      ["first_pass", "first_steps"],
    );
    assert.ok(res.body.rank >= 1);

    const overtaker = await newUser("over");
    await server.ctx.progression.grant({ userId: overtaker.id, ref: "test:over", reason: "test", xp: 151 });
    const after = await api("GET", `/api/game/leaderboard/users/${user.id}/progress`, { token: viewer.token });
    const theirs = await api("GET", `/api/game/leaderboard/users/${overtaker.id}/progress`, { token: viewer.token });
    assert.equal(after.body.rank, res.body.rank + 1, "a player passing you moves you down one place");
    assert.ok(theirs.body.rank < after.body.rank);
  });

  it("when the progress of a player without XP is asked, then the rank is null; an unknown player is 404", async () => {
    const user = await newUser("norank");
    const res = await api("GET", `/api/game/leaderboard/users/${user.id}/progress`, { token: user.token });
    assert.equal(res.status, 200);
    assert.equal(res.body.rank, null);
    const missing = await api("GET", `/api/game/leaderboard/users/${randomUUID()}/progress`, { token: user.token });
    assert.equal(missing.status, 404);
  });

  it("when no token is sent, then the profile is 401", async () => {
    const res = await api("GET", "/api/game/profile");
    assert.equal(res.status, 401);
  });

  it("when the OpenAPI document is fetched, then every progression route is in it with its schemas", async () => {
    const res = await api("GET", "/api/openapi.json");
    for (const [path, method] of [
      ["/api/game/profile", "get"],
      ["/api/game/badges", "get"],
      ["/api/game/badges", "post"],
      ["/api/game/badges/me", "get"],
      ["/api/game/badges/users/{userId}", "get"],
      ["/api/game/quests", "get"],
      ["/api/game/quests/complete", "post"],
      ["/api/game/leaderboard", "get"],
      ["/api/game/leaderboard/users/{userId}/progress", "get"],
      ["/api/game/shop/exchange", "post"],
    ] as const) {
      assert.ok(res.body.paths[path]?.[method], `${method.toUpperCase()} ${path} documented`);
    }
    const badgeBody = res.body.paths["/api/game/badges"].post.requestBody.content["application/json"].schema;
    assert.ok(badgeBody.properties.condition, "the badge condition schema is documented");
  });
});
