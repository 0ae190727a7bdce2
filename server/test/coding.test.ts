import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import { codingSessions } from "../src/db/schema.ts";
import { api, newUser } from "./support/api.ts";
import { joinCoding, until } from "./support/coding.ts";
import { testServer } from "./support/testServer.ts";

describe("coding REST", () => {
  it("when a session starts, then 201 gives a session id, its room and a seat reservation", async () => {
    const user = await newUser("coder");
    const res = await api("POST", "/api/game/coding/start", {
      token: user.token,
      body: { projectName: "p", language: "C++" },
    });
    assert.equal(res.status, 201);
    assert.match(res.body.sessionId, /^[0-9a-f-]{36}$/);
    assert.equal(res.body.reservation.roomId, res.body.roomId);
    assert.equal(res.body.reservation.name, "coding");
    assert.equal(typeof res.body.reservation.sessionId, "string");
    const [session] = (await api("GET", "/api/game/coding/sessions", { token: user.token })).body.items;
    assert.equal(session.status, "active");
    assert.equal(session.language, "cpp");
    assert.equal(session.projectName, "p");
  });

  it("when the body or token is wrong, then 400 names the field and 401 without a token", async () => {
    const user = await newUser("coder");
    const bad = await api("POST", "/api/game/coding/start", {
      token: user.token,
      body: { language: "no spaces allowed" },
    });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.details.fields[0].path, "language");
    assert.equal((await api("POST", "/api/game/coding/start", { body: {} })).status, 401);
    const badEnd = await api("POST", "/api/game/coding/end", { token: user.token, body: { sessionId: "nope" } });
    assert.equal(badEnd.status, 400);
  });

  it("when someone ends another user's session, then 404 and the session goes on", async () => {
    const owner = await newUser("coder");
    const other = await newUser("other");
    const start = await api("POST", "/api/game/coding/start", { token: owner.token, body: {} });
    const res = await api("POST", "/api/game/coding/end", {
      token: other.token,
      body: { sessionId: start.body.sessionId },
    });
    assert.equal(res.status, 404);
    const [session] = (await api("GET", "/api/game/coding/sessions", { token: owner.token })).body.items;
    assert.equal(session.status, "active");
  });

  it("when a session without lines ends, then it pays nothing and a new start opens a new session", async () => {
    const user = await newUser("coder");
    const first = await api("POST", "/api/game/coding/start", { token: user.token, body: {} });
    const end = await api("POST", "/api/game/coding/end", {
      token: user.token,
      body: { sessionId: first.body.sessionId },
    });
    assert.equal(end.status, 200);
    assert.deepEqual(end.body.rewards, { xp: 0, coins: 0, levelBefore: 1, levelAfter: 1, achievements: [] });
    const second = await api("POST", "/api/game/coding/start", { token: user.token, body: {} });
    assert.equal(second.status, 201);
    assert.notEqual(second.body.sessionId, first.body.sessionId);
  });

  it("when an active session lost its room and sat idle 30 minutes, then a new start ends it and pays what it had", async () => {
    const user = await newUser("coder");
    const { room, start } = await joinCoding(user);
    room.send("coding_update", { linesAdded: 10, language: "python" });
    await until(async () => {
      const [s] = (await api("GET", "/api/game/coding/sessions", { token: user.token })).body.items;
      return s.xpEarned === 10;
    });
    // As after a crash: the row still says active, its room id points nowhere, the last activity is old.
    // (The real room stays open, unaware, so only the new start can end the session.)
    const { server } = await testServer();
    await server.ctx.db
      .update(codingSessions)
      .set({ roomId: "gone", lastActivityAt: new Date(server.ctx.clock.now() - 31 * 60_000) })
      .where(eq(codingSessions.id, start.body.sessionId));

    const next = await api("POST", "/api/game/coding/start", { token: user.token, body: {} });
    assert.equal(next.status, 201);
    assert.notEqual(next.body.sessionId, start.body.sessionId);
    const items = (await api("GET", "/api/game/coding/sessions", { token: user.token })).body.items;
    const old = items.find((s: any) => s.id === start.body.sessionId);
    assert.equal(old.status, "ended");
    assert.equal(old.endReason, "idle");
    assert.equal(old.coinsEarned, 1);
    await room.leave();
  });

  it("when several sessions exist, then the list is newest first and pages with nextCursor", async () => {
    const user = await newUser("coder");
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { room, start } = await joinCoding(user, { projectName: `p${i}` });
      room.send("coding_update", { linesAdded: i + 1, language: "python" });
      await until(() => room.state.linesWritten === i + 1);
      const end = await api("POST", "/api/game/coding/end", {
        token: user.token,
        body: { sessionId: start.body.sessionId },
      });
      assert.equal(end.status, 200);
      ids.push(start.body.sessionId);
    }
    const page1 = await api("GET", "/api/game/coding/sessions?limit=2", { token: user.token });
    assert.equal(page1.status, 200);
    assert.deepEqual(
      page1.body.items.map((s: any) => s.id),
      [ids[2], ids[1]],
    );
    assert.equal(page1.body.items[0].linesWritten, 3);
    const page2 = await api("GET", `/api/game/coding/sessions?limit=2&cursor=${page1.body.nextCursor}`, {
      token: user.token,
    });
    assert.deepEqual(
      page2.body.items.map((s: any) => s.id),
      [ids[0]],
    );
    assert.equal(page2.body.nextCursor, null);
    const badCursor = await api("GET", "/api/game/coding/sessions?cursor=xyz", { token: user.token });
    assert.equal(badCursor.status, 400);
  });

  it("when the OpenAPI document is fetched, then the coding routes are in it with their schemas", async () => {
    const doc = (await api("GET", "/api/openapi.json")).body;
    assert.ok(doc.paths["/api/game/coding/start"].post.requestBody);
    assert.ok(doc.paths["/api/game/coding/end"].post);
    assert.ok(doc.paths["/api/game/coding/sessions"].get);
  });
});
