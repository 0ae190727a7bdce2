import assert from "node:assert/strict";
import { randomBytes, randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { userBadges } from "../src/db/schema.ts";
import { api, makeAdmin, newUser } from "./support/api.ts";
import { testServer } from "./support/testServer.ts";

const badgeId = () => `test_${randomBytes(4).toString("hex")}`;

describe("badges", () => {
  it("when anyone lists badges, then the built-in ones come with their conditions", async () => {
    const user = await newUser("bl");
    const res = await api("GET", "/api/game/badges", { token: user.token });
    assert.equal(res.status, 200);
    const first = res.body.items.find((b: { id: string }) => b.id === "first_steps");
    assert.deepEqual(first?.condition, { type: "xp", threshold: 100 });
  });

  it("when an admin creates a badge, then it is listed; the same id again is 409", async () => {
    const admin = await makeAdmin(await newUser("adm"));
    const id = badgeId();
    const body = { id, name: "Test badge", condition: { type: "dungeon_clears", count: 2 } };
    const created = await api("POST", "/api/game/badges", { token: admin.token, body });
    assert.equal(created.status, 201);
    assert.deepEqual(created.body, {
      id,
      name: "Test badge",
      description: "",
      icon: "star",
      condition: body.condition,
    });
    const again = await api("POST", "/api/game/badges", { token: admin.token, body });
    assert.equal(again.status, 409);
    const list = await api("GET", "/api/game/badges", { token: admin.token });
    assert.ok(list.body.items.some((b: { id: string }) => b.id === id));
  });

  it("when a player creates a badge, then 403", async () => {
    const user = await newUser("nadm");
    const res = await api("POST", "/api/game/badges", {
      token: user.token,
      body: { id: badgeId(), name: "Nope", condition: { type: "xp", threshold: 5 } },
    });
    assert.equal(res.status, 403);
    assert.equal(res.body.error.code, "FORBIDDEN");
  });

  const malformed: [string, unknown, string][] = [
    ["an unknown type", { type: "karma", threshold: 3 }, "condition.type"],
    ["a missing count", { type: "attempt_count", status: "passed" }, "condition.count"],
    ["a zero threshold", { type: "xp", threshold: 0 }, "condition.threshold"],
    ["a bad status", { type: "attempt_count", count: 2, status: "won" }, "condition.status"],
  ];
  for (const [what, condition, path] of malformed) {
    it(`when an admin sends a condition with ${what}, then 400 names ${path}`, async () => {
      const admin = await makeAdmin(await newUser("adm"));
      const res = await api("POST", "/api/game/badges", {
        token: admin.token,
        body: { id: badgeId(), name: "Bad", condition },
      });
      assert.equal(res.status, 400);
      assert.equal(res.body.error.code, "VALIDATION_FAILED");
      assert.ok(
        res.body.error.details.fields.some((f: { path: string }) => f.path === path),
        JSON.stringify(res.body.error),
      );
    });
  }

  it("when many grants cross a badge's threshold at once, then it is awarded exactly once and announced once", async () => {
    const { server } = await testServer();
    const admin = await makeAdmin(await newUser("adm"));
    const id = badgeId();
    const created = await api("POST", "/api/game/badges", {
      token: admin.token,
      body: { id, name: "Racer", condition: { type: "lines_written", count: 30, language: "go" } },
    });
    assert.equal(created.status, 201);
    const user = await newUser("race");
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        server.ctx.progression.grant({
          userId: user.id,
          ref: `test:${randomUUID()}`,
          reason: "test",
          xp: 1,
          events: [{ kind: "lines_written", amount: 10, language: "go" }],
        }),
      ),
    );
    const announced = results.flatMap((r) => r.badgesUnlocked).filter((b) => b.id === id);
    assert.equal(announced.length, 1);
    const rows = await server.ctx.db.select().from(userBadges).where(eq(userBadges.userId, user.id));
    assert.equal(rows.filter((r) => r.badgeId === id).length, 1);

    const mine = await api("GET", "/api/game/badges/me", { token: user.token });
    assert.equal(mine.status, 200);
    assert.deepEqual(
      mine.body.items.filter((b: { id: string }) => b.id === id).map((b: { name: string }) => b.name),
      ["Racer"],
    );
    const theirs = await api("GET", `/api/game/badges/users/${user.id}`, { token: admin.token });
    assert.deepEqual(theirs.body, mine.body);
  });

  it("when a grant crosses a built-in badge, then the result lists it and badges pay nothing", async () => {
    const { server } = await testServer();
    const user = await newUser("fs");
    const r = await server.ctx.progression.grant({ userId: user.id, ref: "test:fs", reason: "test", xp: 100 });
    assert.deepEqual(
      r.badgesUnlocked.map((b) => b.id),
      ["first_steps"],
    );
    assert.equal(r.experience, 100);
    assert.equal(r.coins, 0);
    assert.equal(r.gems, 0);
  });

  it("when the badges of an unknown user are asked, then 404; a malformed id is 400", async () => {
    const user = await newUser("bu");
    assert.equal((await api("GET", `/api/game/badges/users/${randomUUID()}`, { token: user.token })).status, 404);
    assert.equal((await api("GET", "/api/game/badges/users/not-a-uuid", { token: user.token })).status, 400);
  });
});
