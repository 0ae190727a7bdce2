import assert from "node:assert/strict";
import { matchMaker } from "@colyseus/core";
import { clashRatings } from "../src/db/schema.ts";
import { api, newUser, type TestUser } from "./support/api.ts";
import { type ClashRoom, invite, joinByLink, leaveAll, queue, take, watch } from "./support/clash.ts";
import { until } from "./support/deadlines.ts";
import { testServer } from "./support/testServer.ts";

before(async function () {
  this.timeout(180_000);
  await testServer();
});

const users = (n: number, prefix = "queuer") => Promise.all(Array.from({ length: n }, () => newUser(prefix)));

/** Gives the user a clash rating as if they had played (services/clashes keeps it in clash_ratings). */
async function rate(user: TestUser, rating: number): Promise<TestUser> {
  const { server } = await testServer();
  await server.ctx.db
    .insert(clashRatings)
    .values({ userId: user.id, rating, deviation: 80, volatility: 0.06, games: 10 });
  return user;
}

/** Queues each user in turn and takes the seat; returns the rooms. */
async function queueAndTake(user: TestUser, body: unknown = {}): Promise<ClashRoom> {
  const res = await queue(user, body);
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return take(user, res.body.reservation);
}

/** Every room empties: lobbies close, so later tests find no leftovers in the queue. */
async function closeAll(rooms: ClashRoom[]): Promise<void> {
  const ids = [...new Set(rooms.map((r) => r.roomId))];
  await leaveAll(rooms);
  await until(async () => (await Promise.all(ids.map((id) => matchMaker.getRoomById(id)))).every((r) => !r));
}

describe("clash matchmaking: the queue", () => {
  it("when players queue, then they meet within a rating window that widens while a lobby waits", async () => {
    const [a, b, c, d] = (await users(4)) as [TestUser, TestUser, TestUser, TestUser];
    await rate(b, 1560);
    await rate(c, 1900);
    await rate(d, 2600);
    const ra = await queueAndTake(a);
    const rc = await queueAndTake(c);
    assert.notEqual(rc.roomId, ra.roomId, "1900 is too far from 1500 for a new lobby");
    const rb = await queueAndTake(b);
    assert.equal(rb.roomId, ra.roomId, "1560 joins the closest lobby");
    await until(() => ra.state.players.get(b.id)?.rating === 1560);

    const { server } = await testServer();
    server.ctx.clock.advance(90_000);
    try {
      // After 90 s of waiting a lobby takes anyone within 1,000: 2600 goes to the closest, c's.
      const rd = await queueAndTake(d);
      assert.equal(rd.roomId, rc.roomId);
      await closeAll([ra, rb, rc, rd]);
    } finally {
      server.ctx.clock.reset();
    }
  });

  it("when players ask for a language, then only players of the same bucket meet", async () => {
    const [a, b, c] = (await users(3)) as [TestUser, TestUser, TestUser];
    const ra = await queueAndTake(a, { language: "ko" });
    const rb = await queueAndTake(b);
    const rc = await queueAndTake(c, { language: "ko" });
    assert.notEqual(rb.roomId, ra.roomId);
    assert.equal(rc.roomId, ra.roomId);
    assert.equal(ra.state.language, "ko");
    for (const body of [{ language: "fr" }, { language: "ko", extra: 1 }, { language: 1 }]) {
      const bad = await queue(a, body);
      assert.equal(bad.status, 400, JSON.stringify(body));
      assert.equal(bad.body.error.code, "VALIDATION_FAILED");
    }
    const anonymous = await api("POST", "/api/game/clashes/queue", { body: {} });
    assert.equal(anonymous.status, 401);
    await closeAll([ra, rb, rc]);
  });

  it("when nine players queue at the same moment, then eight share one lobby and the ninth opens the next", async () => {
    const players = await users(9);
    const answers = await Promise.all(players.map((p) => queue(p, { language: "ja" })));
    for (const res of answers) assert.equal(res.status, 201, JSON.stringify(res.body));
    const byRoom = new Map<string, number>();
    for (const res of answers) byRoom.set(res.body.roomId, (byRoom.get(res.body.roomId) ?? 0) + 1);
    assert.deepEqual([...byRoom.values()].sort(), [1, 8], JSON.stringify([...byRoom]));
    const rooms = await Promise.all(players.map((p, i) => take(p, answers[i]?.body.reservation)));
    const full = rooms.find((r) => byRoom.get(r.roomId) === 8) as ClashRoom;
    await until(() => full.state.players.size === 8);
    await closeAll(rooms);
  });

  it("when a player holding a seat queues or invites again, then 409 names their clash; once they leave they may queue", async () => {
    const [a] = (await users(1)) as [TestUser];
    const ra = await queueAndTake(a, { language: "zh" });
    for (const again of [() => queue(a, { language: "zh" }), () => queue(a), () => invite(a)]) {
      const res = await again();
      assert.equal(res.status, 409, JSON.stringify(res.body));
      assert.equal(res.body.error.code, "CONFLICT");
      assert.equal(res.body.error.details.roomId, ra.roomId);
    }
    await closeAll([ra]);
    const rb = await queueAndTake(a, { language: "zh" });
    assert.notEqual(rb.roomId, ra.roomId);
    await closeAll([rb]);
  });
});

describe("clash matchmaking: invitations and the live list", () => {
  it("when a lobby is private, then the queue never fills it but its link does, until it is full", async () => {
    const [owner, queuer, ...friends] = await users(10, "friend");
    const opened = await invite(owner as TestUser);
    assert.equal(opened.status, 201, JSON.stringify(opened.body));
    const rooms = [await take(owner as TestUser, opened.body.reservation)];
    const elsewhere = await queueAndTake(queuer as TestUser);
    assert.notEqual(elsewhere.roomId, opened.body.roomId);
    assert.equal(rooms[0]?.state.private, true);
    for (const friend of friends.slice(0, 7)) {
      const res = await joinByLink(friend, opened.body.roomId);
      assert.equal(res.status, 201, JSON.stringify(res.body));
      rooms.push(await take(friend, res.body.reservation));
    }
    const full = await joinByLink(friends[7] as TestUser, opened.body.roomId);
    assert.equal(full.status, 409);
    assert.equal(full.body.error.code, "CONFLICT");
    const unknown = await joinByLink(friends[7] as TestUser, "no-such-room");
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.error.code, "NOT_FOUND");
    const bad = await api("POST", "/api/game/clashes/join", { token: owner?.token, body: { roomId: "" } });
    assert.equal(bad.status, 400);
    await closeAll([...rooms, elsewhere]);
  });

  it("when clashes are live, then the list shows the public ones, most watched first", async () => {
    const [a, b, c, fan1, fan2] = (await users(5, "live")) as TestUser[] as [
      TestUser,
      TestUser,
      TestUser,
      TestUser,
      TestUser,
    ];
    const ra = await queueAndTake(a, { language: "en" });
    const watched = await (async () => {
      const opened = await invite(b);
      return take(b, opened.body.reservation);
    })();
    const rc = await queueAndTake(c);
    const fans = [await watch(fan1, rc.roomId), await watch(fan2, rc.roomId)];
    await until(() => rc.state.spectators === 2);
    const live = await api("GET", "/api/game/clashes/live?limit=100", { token: a.token });
    assert.equal(live.status, 200, JSON.stringify(live.body));
    const ids = live.body.items.map((i: any) => i.roomId);
    assert.equal(ids[0], rc.roomId, "most watched first");
    assert.ok(ids.includes(ra.roomId));
    assert.ok(!ids.includes(watched.roomId), "private clashes are not listed");
    assert.deepEqual(live.body.items[0], {
      roomId: rc.roomId,
      phase: "lobby",
      mode: "",
      difficulty: "",
      players: 1,
      spectators: 2,
    });
    const tooMany = await api("GET", "/api/game/clashes/live?limit=1000", { token: a.token });
    assert.equal(tooMany.status, 400);
    assert.equal((await api("GET", "/api/game/clashes/live")).status, 401);
    await closeAll([ra, watched, rc, ...fans]);
  });
});
