import assert from "node:assert/strict";
import { Client, type Room } from "@colyseus/sdk";
import { RoomCode } from "@levelup/shared";
import { api, newUser, type TestUser } from "./support/api.ts";
import { testServer } from "./support/testServer.ts";

async function connect(token?: string, options: Record<string, unknown> = {}): Promise<Room> {
  const { server } = await testServer();
  const client = new Client(server.url);
  if (token) client.auth.token = token;
  return client.joinOrCreate("hub", options);
}

/** The error a refused join rejects with (code and message as Colyseus sends them). */
async function refusal(join: Promise<Room>): Promise<{ code: number; message: string }> {
  try {
    const room = await join;
    await room.leave();
  } catch (err) {
    return err as { code: number; message: string };
  }
  assert.fail("the join was accepted");
}

/** Every message of one type a room receives, in order; `next()` resolves with the next one not yet read. */
function inbox(room: Room, type: string) {
  const received: unknown[] = [];
  let read = 0;
  let wake: (() => void) | undefined;
  room.onMessage(type, (payload: unknown) => {
    received.push(payload);
    wake?.();
  });
  return {
    received,
    async next(): Promise<unknown> {
      while (received.length <= read) await new Promise<void>((resolve) => (wake = resolve));
      return received[read++];
    },
  };
}

describe("hub room", () => {
  const rooms: Room[] = [];
  afterEach(async () => {
    await Promise.all(rooms.splice(0).map((r) => r.leave().catch(() => {})));
  });

  it("when a client joins without a token, then it is refused with 401 UNAUTHORIZED and no stack trace", async () => {
    const err = await refusal(connect());
    assert.equal(err.code, RoomCode.UNAUTHORIZED);
    assert.match(err.message, /^UNAUTHORIZED: /);
    assert.doesNotMatch(err.message, /\bat .*\.ts:\d+/);
  });

  it("when a client joins with a bad token, then it is refused with INVALID_TOKEN", async () => {
    const err = await refusal(connect("not-a-jwt"));
    assert.equal(err.code, RoomCode.INVALID_TOKEN);
    assert.match(err.message, /^INVALID_TOKEN: /);
  });

  it("when the token was revoked by logout everywhere, then the hub refuses it", async () => {
    const user = await newUser("hubout");
    await api("POST", "/api/auth/logout", { token: user.token, body: { everywhere: true } });
    const err = await refusal(connect(user.token));
    assert.equal(err.code, RoomCode.INVALID_TOKEN);
    assert.match(err.message, /^INVALID_TOKEN: /);
  });

  it("when the token comes as the join option, then the client is admitted", async () => {
    const user = await newUser("hubopt");
    const room = await connect(undefined, { token: user.token });
    rooms.push(room);
    assert.ok(room.roomId);
  });

  it("when a push is sent to a user, then both of that user's connections get it and another user's does not", async () => {
    const { server } = await testServer();
    const alice: TestUser = await newUser("hubA");
    const bob: TestUser = await newUser("hubB");
    const [aliceTab1, aliceTab2, bobTab] = await Promise.all([
      connect(alice.token),
      connect(alice.token),
      connect(bob.token),
    ]);
    rooms.push(aliceTab1, aliceTab2, bobTab);
    const tab1 = inbox(aliceTab1, "xp_update");
    const tab2 = inbox(aliceTab2, "xp_update");
    const bobs = inbox(bobTab, "xp_update");

    await server.ctx.notifier.notify(alice.id, "xp_update", { xp: 5, totalXp: 5, level: 1, leveledUp: false });
    // Bob's own push is published after Alice's on the same channel system, so once it has arrived
    // a wrongly routed copy of Alice's would have arrived before it.
    await server.ctx.notifier.notify(bob.id, "xp_update", { xp: 7, totalXp: 7, level: 1, leveledUp: false });

    assert.deepEqual(await tab1.next(), { xp: 5, totalXp: 5, level: 1, leveledUp: false });
    assert.deepEqual(await tab2.next(), { xp: 5, totalXp: 5, level: 1, leveledUp: false });
    assert.deepEqual(await bobs.next(), { xp: 7, totalXp: 7, level: 1, leveledUp: false });
    assert.equal(bobs.received.length, 1);
  });

  it("when one of a user's two connections leaves, then the other still gets pushes", async () => {
    const { server } = await testServer();
    const user = await newUser("hubleave");
    const [first, second] = await Promise.all([connect(user.token), connect(user.token)]);
    rooms.push(second);
    const messages = inbox(second, "level_up");
    await first.leave();
    await server.ctx.notifier.notify(user.id, "level_up", { level: 2 });
    assert.deepEqual(await messages.next(), { level: 2 });
  });
});
