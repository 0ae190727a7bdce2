import assert from "node:assert/strict";
import { matchMaker } from "@colyseus/core";
import { Client, type Room } from "@colyseus/sdk";
import { HubPush, RoomName } from "@levelup/shared";
import { newUser, type TestUser } from "./support/api.ts";
import { testServer } from "./support/testServer.ts";

/**
 * Hub seats for this test: small, so that real clients fill hubs past their size quickly. Without
 * the presence's listener bound raised (app.ts) this fails on the PostgreSQL + Redis stack, where
 * the burst's joins wait on Redis presence for the new hub (on the embedded stack they rarely overlap).
 */
const SIZE = 4;

describe("hub rollover", () => {
  const warnings: Error[] = [];
  const onWarning = (w: Error) => warnings.push(w);
  let saved: number;
  const rooms: Room[] = [];
  /** Hubs earlier tests of this process left open (made at the full size): locked so no join lands there. */
  const earlierHubs: string[] = [];
  before(async () => {
    const { server } = await testServer();
    saved = server.ctx.config.HUB_ROOM_SIZE;
    server.ctx.config.HUB_ROOM_SIZE = SIZE;
    for (const listing of await matchMaker.query({ name: RoomName.hub })) {
      const hub = matchMaker.getLocalRoomById(listing.roomId);
      if (hub && !hub.locked) {
        await hub.lock();
        earlierHubs.push(listing.roomId);
      }
    }
    process.on("warning", onWarning);
  });
  after(async () => {
    process.off("warning", onWarning);
    await Promise.all(rooms.map((r) => r.leave().catch(() => {})));
    for (const roomId of earlierHubs) await matchMaker.getLocalRoomById(roomId)?.unlock();
    (await testServer()).server.ctx.config.HUB_ROOM_SIZE = saved;
  });

  it("when a full hub takes a burst of joins, then every client gets a seat in hubs of the set size, with no MaxListenersExceeded warning, and pushes still arrive", async () => {
    const { server } = await testServer();
    const users: TestUser[] = [];
    for (let i = 0; i < 10 * SIZE; i++) users.push(await newUser("roll"));
    const join = (u: TestUser) => {
      const client = new Client(server.url);
      client.auth.token = u.token;
      return client.joinOrCreate(RoomName.hub);
    };
    // A hub filled one by one, then everyone else at once: the moment a real rollover happens.
    for (const u of users.slice(0, SIZE)) rooms.push(await join(u));
    rooms.push(...(await Promise.all(users.slice(SIZE).map(join))));
    // Warnings are emitted on the next tick.
    await new Promise((r) => setImmediate(r));

    const exceeded = warnings.filter((w) => w.name === "MaxListenersExceededWarning");
    assert.deepEqual(
      exceeded.map((w) => w.message),
      [],
      "no listener warning at rollover",
    );
    const byRoom = new Map<string, number>();
    for (const r of rooms) byRoom.set(r.roomId, (byRoom.get(r.roomId) ?? 0) + 1);
    assert.ok(byRoom.size >= users.length / SIZE, `rolled over into ${byRoom.size} hubs`);
    for (const [roomId, n] of byRoom) {
      const room = matchMaker.getLocalRoomById(roomId);
      assert.ok(room && room.maxClients === SIZE && n <= SIZE, `hub ${roomId}: ${n} of ${room?.maxClients}`);
    }

    // The last joiner's push reaches it (its hub found it by user, not by a pass over the room).
    const last = rooms.at(-1)!;
    const got = new Promise((resolve) => last.onMessage(HubPush.levelUp, resolve));
    await server.ctx.notifier.notify(users.at(-1)!.id, HubPush.levelUp, { levelBefore: 1, level: 2 });
    assert.deepEqual(await got, { levelBefore: 1, level: 2 });
  });
});
