import assert from "node:assert/strict";
import { type BattleReplay, battleSetupOf, outcomeOf, replayFrames, sameOutcome } from "@levelup/shared";
import { eq, sql } from "drizzle-orm";
import { battles } from "../src/db/schema.ts";
import { api, newUser, type TestUser } from "./support/api.ts";
import { until } from "./support/coding.ts";
import { act, type BattleRoom, leaveAll, party, playToEnd, readyAll } from "./support/dungeon.ts";
import { testServer } from "./support/testServer.ts";

const WAIT = 30_000;

/** A party of `users` plays a whole battle; returns the rooms and the battle id the rewards message names. */
async function finishedBattle(users: TestUser[]) {
  const rooms = await party(users);
  await readyAll(rooms);
  const ended = new Promise<{ battleId: string }>((resolve) => {
    (rooms[0] as BattleRoom).onMessage("battle_update", (m: { type: string; battleId: string }) => {
      if (m.type === "rewards") resolve(m);
    });
  });
  await playToEnd(rooms);
  const { battleId } = await ended;
  return { rooms, battleId };
}

describe("replays of finished battles", function () {
  // The first test of a run also boots the server, which takes minutes on a loaded shared machine.
  this.timeout(300_000);

  it("when a battle ends, then anyone without a token gets its replay, which names no account and replays to the stored end the players saw", async () => {
    const users = [await newUser("rp"), await newUser("rp")];
    const { rooms, battleId } = await finishedBattle(users);
    const view = (rooms[0] as BattleRoom).state;

    const res = await api<BattleReplay>("GET", `/api/game/battles/${battleId}/replay`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const replay = res.body;
    const text = JSON.stringify(replay);
    for (const u of users) {
      assert.ok(!text.includes(u.id), "no user id");
      assert.ok(!text.includes("@example.test"), "no e-mail");
    }
    assert.deepEqual(
      replay.party.map((m) => [m.id, m.name]),
      users.map((u, i) => [`p${i + 1}`, u.username]),
    );

    const frames = replayFrames(battleSetupOf(replay), replay.actions);
    const end = frames.at(-1)!.state;
    assert.ok(sameOutcome(outcomeOf(end), replay.result), "the replay ends at the stored result");
    assert.equal(replay.result.phase, view.phase);
    assert.equal(replay.result.round, view.round);
    assert.deepEqual(
      end.enemies.map((e) => [e.id, e.hp]),
      [...view.enemies.values()].map((e) => [e.id, e.hp]),
      "the same enemy hit points as the room showed",
    );
    const { server } = await testServer();
    const [row] = await server.ctx.db.select().from(battles).where(eq(battles.id, battleId));
    assert.equal((row?.result as { replayMatches?: boolean } | undefined)?.replayMatches, true, "checked when stored");
    await leaveAll(rooms);
  });

  it("when a replay is asked for a malformed, unknown or still running battle, then it is 400, 404, 404", async () => {
    assert.equal((await api("GET", "/api/game/battles/not-a-uuid/replay")).status, 400);
    const unknown = await api("GET", "/api/game/battles/00000000-0000-4000-8000-000000000000/replay");
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.error.code, "NOT_FOUND");
    const [user] = [await newUser("run")];
    const rooms = await party([user as TestUser]);
    await readyAll(rooms);
    const { server } = await testServer();
    const [row] = await server.ctx.db
      .select()
      .from(battles)
      .where(eq(battles.roomId, (rooms[0] as BattleRoom).roomId));
    assert.equal((await api("GET", `/api/game/battles/${row?.id}/replay`)).status, 404);
    await leaveAll(rooms);
  });

  it("when a stored log was altered during the battle, then the check at settle flags it and it is offered nowhere", async () => {
    const [user] = [await newUser("tamper")];
    const rooms = await party([user as TestUser]);
    await readyAll(rooms);
    await act(rooms);
    const { server } = await testServer();
    const roomId = (rooms[0] as BattleRoom).roomId;
    // Actions are stored in batches: wait until the first one is written.
    await until(async () => {
      const [stored] = await server.ctx.db.select().from(battles).where(eq(battles.roomId, roomId));
      return ((stored?.actions as unknown[] | undefined) ?? []).length > 0;
    }, WAIT);
    // An attacker (or a lost write) drops the first logged action behind the room's back.
    await server.ctx.db
      .update(battles)
      .set({ actions: sql`${battles.actions} - 0` })
      .where(eq(battles.roomId, roomId));
    await playToEnd(rooms);
    let row: typeof battles.$inferSelect | undefined;
    await until(async () => {
      [row] = await server.ctx.db.select().from(battles).where(eq(battles.roomId, roomId));
      return row?.endedAt != null;
    }, WAIT);
    assert.equal((row?.result as { replayMatches?: boolean } | undefined)?.replayMatches, false);
    assert.equal((await api("GET", `/api/game/battles/${row?.id}/replay`)).status, 404);
    const recent = await api("GET", "/api/game/replays?order=recent&limit=100", { token: user?.token });
    assert.ok(!recent.body.items.some((i: { id: string }) => i.id === row?.id));
    await leaveAll(rooms);
  });

  it("when the OpenAPI document is fetched, then it describes the replay, replay list and chat report routes", async () => {
    const doc = await api("GET", "/api/openapi.json");
    assert.equal(doc.status, 200);
    const paths = doc.body.paths as Record<string, Record<string, { security?: unknown[] }>>;
    assert.ok(paths["/api/game/battles/{id}/replay"]?.get, "replay route documented");
    assert.ok(paths["/api/game/replays"]?.get, "replay list documented");
    assert.ok(paths["/api/admin/chat-reports"]?.get, "chat reports documented");
  });

  it("when replays are listed, then recent pages newest first and best ranks victories; lists need a token and a valid limit", async () => {
    const users = [await newUser("list")];
    const first = await finishedBattle(users);
    const second = await finishedBattle(users);
    const token = (users[0] as TestUser).token;
    assert.equal((await api("GET", "/api/game/replays")).status, 401);
    assert.equal((await api("GET", "/api/game/replays?limit=0", { token })).status, 400);
    assert.equal((await api("GET", "/api/game/replays?order=worst", { token })).status, 400);
    assert.equal((await api("GET", "/api/game/replays?cursor=bogus", { token })).status, 400);

    // Other tests' battles may end meanwhile (the list is everyone's): they only come in at the front.
    const page1 = await api("GET", "/api/game/replays?order=recent&limit=1", { token });
    assert.equal(page1.status, 200, JSON.stringify(page1.body));
    const page2 = await api("GET", `/api/game/replays?order=recent&limit=1&cursor=${page1.body.nextCursor}`, { token });
    const all = await api("GET", "/api/game/replays?order=recent&limit=100", { token });
    const ids: string[] = all.body.items.map((i: { id: string }) => i.id);
    assert.equal(
      ids.indexOf(page2.body.items[0].id),
      ids.indexOf(page1.body.items[0].id) + 1,
      "pages follow each other",
    );
    assert.ok(ids.indexOf(second.battleId) >= 0 && ids.indexOf(second.battleId) < ids.indexOf(first.battleId));
    const mine = all.body.items.find((i: { id: string }) => i.id === second.battleId);
    assert.deepEqual(mine.players, [{ name: (users[0] as TestUser).username, level: 1, element: "neutral" }]);

    const best = await api("GET", "/api/game/replays?order=best&limit=100", { token });
    assert.equal(best.status, 200);
    assert.ok(best.body.items.every((i: { phase: string }) => i.phase === "victory"));
    const rounds = best.body.items
      .filter((i: { dungeonId: string }) => i.dungeonId === "slime_cave")
      .map((i: { round: number }) => i.round);
    // Within one dungeon (one difficulty): fewest rounds first.
    assert.deepEqual(
      rounds,
      [...rounds].sort((a: number, b: number) => a - b),
    );
    assert.equal(best.body.nextCursor, null);
    await leaveAll([...first.rooms, ...second.rooms]);
  });
});
