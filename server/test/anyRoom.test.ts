import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { matchMaker } from "@colyseus/core";
import { Client, type Room } from "@colyseus/sdk";
import { DungeonMessage, ROOM_FLOOD_CLOSE_CODE, RoomCode, RoomName } from "@levelup/shared";
import { CodingState } from "@levelup/shared/state/CodingState";
import { DungeonState } from "@levelup/shared/state/DungeonState";
import { api, newUser } from "./support/api.ts";
import { joinCoding, until } from "./support/coding.ts";
import { type BattleRoom, leaveAll, localRoom, nextMessage, party, quiet, readyAll, seat } from "./support/dungeon.ts";
import { testServer } from "./support/testServer.ts";
import { scaled } from "./support/deadlines.ts";

/** The SDK's rejection of a join, with the code the server sent. */
async function refusal(join: Promise<unknown>): Promise<{ code: number; message: string }> {
  try {
    const room = (await join) as Room;
    await room.leave().catch(() => {});
  } catch (err) {
    return err as { code: number; message: string };
  }
  assert.fail("the join was admitted");
}

async function client(token?: string): Promise<Client> {
  const { server } = await testServer();
  const c = new Client(server.url);
  if (token) c.auth.token = token;
  return c;
}

async function roomCount(): Promise<number> {
  return (await matchMaker.query({})).length;
}

before(async function () {
  // The first test would otherwise pay for booting the server (slow on a busy machine).
  this.timeout(180_000);
  await testServer();
});

describe("room doors", () => {
  it("when a client asks to open a room without a valid token, or a coding or dungeon room at all, then it is refused before a room exists", async () => {
    const user = await newUser("opener");
    const before = await roomCount();
    for (const name of [RoomName.coding, RoomName.dungeon]) {
      for (const token of [undefined, "not-a-jwt", user.token]) {
        const err = await refusal((await client(token)).create(name, {}));
        assert.equal(err.code, RoomCode.FORBIDDEN, `create ${name} with ${token ? "a token" : "no token"}`);
        assert.match(err.message, /^FORBIDDEN: /);
      }
    }
    // Only the hub is opened or joined by type, and without a valid token not even that.
    for (const [token, code] of [
      [undefined, RoomCode.UNAUTHORIZED],
      ["not-a-jwt", RoomCode.INVALID_TOKEN],
    ] as const) {
      assert.equal((await refusal((await client(token)).create(RoomName.hub))).code, code);
      assert.equal((await refusal((await client(token)).joinOrCreate(RoomName.hub))).code, code);
      assert.equal((await refusal((await client(token)).join(RoomName.hub))).code, code);
    }
    for (const name of [RoomName.coding, RoomName.dungeon]) {
      assert.equal((await refusal((await client(user.token)).joinOrCreate(name))).code, RoomCode.FORBIDDEN);
    }
    assert.equal(await roomCount(), before, "no room was created");
  });

  it("when a client without a valid token joins a room of any type by id, then it is refused", async () => {
    const [owner, hero] = [await newUser("owner"), await newUser("hero")];
    const { room: coding } = await joinCoding(owner);
    const [battle] = (await party([hero])) as [BattleRoom];
    const hub = await (await client(owner.token)).joinOrCreate(RoomName.hub);
    for (const room of [coding, battle, hub]) {
      for (const [token, code] of [
        [undefined, RoomCode.UNAUTHORIZED],
        ["not-a-jwt", RoomCode.INVALID_TOKEN],
      ] as const) {
        const err = await refusal((await client(token)).joinById(room.roomId, { spectate: true }));
        assert.equal(err.code, code, `${room.name} with ${token ? "a bad token" : "no token"}`);
      }
    }
    // A signed-in stranger may watch a battle, but not enter someone's coding room.
    const stranger = await newUser("stranger");
    const err = await refusal((await client(stranger.token)).joinById(coding.roomId, {}, CodingState));
    assert.equal(err.code, RoomCode.FORBIDDEN);
    const fan = quiet(await (await client(stranger.token)).joinById(battle.roomId, { spectate: true }, DungeonState));
    await until(() => battle.state.spectators === 1);
    await leaveAll([fan, battle]);
    await coding.leave();
    await hub.leave();
  });

  it("when another user holds a seat's reservation or reconnection token, then they cannot take the seat", async () => {
    const [a, b, thief] = [await newUser("victim"), await newUser("mate"), await newUser("thief")];
    const rooms = (await party([a, b])) as [BattleRoom, BattleRoom];
    const [ra, rb] = rooms;
    await readyAll(rooms);
    const thiefClient = await client(thief.token);

    // While A is connected: the reconnection token does not even disturb A's connection.
    const live = await refusal(thiefClient.reconnect(ra.reconnectionToken, DungeonState));
    assert.equal(live.code, RoomCode.FORBIDDEN);
    assert.ok(ra.connection.isOpen, "A's connection stays");

    // A drops (the network goes): the seat waits for A, not for whoever has the token.
    const token = ra.reconnectionToken;
    (localRoom(ra.roomId).clients.getById(ra.sessionId) as any).ref._socket.destroy();
    await until(() => rb.state.players.get(ra.sessionId)?.connected === false);
    const dropped = await refusal(thiefClient.reconnect(token, DungeonState));
    assert.equal(dropped.code, RoomCode.FORBIDDEN);
    // Straight to the WebSocket with the token (the SDK's automatic reconnection path).
    const [roomId, secret] = token.split(":") as [string, string];
    const direct = await refusal(
      thiefClient.consumeSeatReservation(
        {
          name: RoomName.dungeon,
          roomId,
          processId: matchMaker.processId,
          sessionId: ra.sessionId,
          reconnectionToken: secret,
        } as any,
        DungeonState,
      ),
    );
    assert.equal(direct.code, RoomCode.FORBIDDEN);
    assert.equal(rb.state.players.get(ra.sessionId)?.connected, false, "nobody took A's seat");

    // A comes back with their own token and acts.
    const back = quiet(await (await client(a.token)).reconnect(token, DungeonState));
    assert.equal(back.sessionId, ra.sessionId);
    await until(() => rb.state.players.get(ra.sessionId)?.connected === true);

    // A fresh seat reservation is not a bearer ticket either.
    const other = await newUser("other");
    const solo = await seat(other, { dungeonId: "slime_cave" });
    assert.equal(solo.status, 201);
    const stolen = await refusal(thiefClient.consumeSeatReservation(solo.body.reservation, DungeonState));
    assert.equal(stolen.code, RoomCode.FORBIDDEN);
    await leaveAll([back, rb]);
  });
});

describe("room messages", () => {
  it("when a battle action names an item that is not a consumable, then it is refused as invalid and nothing runs", async () => {
    const [hero] = [await newUser("hero")];
    const rooms = await party([hero]);
    await readyAll(rooms);
    const [room] = rooms as [BattleRoom];
    for (const itemId of ["constructor", "__proto__", "wooden_sword", "x".repeat(64)]) {
      const error = nextMessage(room, DungeonMessage.error);
      room.send(DungeonMessage.battleAction, { action: "item", itemId });
      const got = await error;
      assert.equal(got.code, "VALIDATION_FAILED", itemId);
      assert.equal(got.roomCode, RoomCode.VALIDATION_FAILED);
    }
    assert.equal(room.state.round, 1);
    await leaveAll(rooms);
  });

  it("when a player floods a dungeon room with 10,000 bad actions, then another room on the process keeps a low event-loop lag and the flooder is cut off", async function () {
    this.timeout(180_000);
    const { server } = await testServer();
    const [flooder, partner, steady] = [await newUser("flood"), await newUser("partner"), await newUser("steady")];
    // The flooder has a partner, so the battle goes on after the flooder is cut off and leaves it.
    const [partnerRoom] = (await party([partner])) as [BattleRoom];
    const floodSeat = await seat(flooder, { dungeonId: "slime_cave", partyRoomId: partnerRoom.roomId });
    assert.equal(floodSeat.status, 201);
    const child = spawnFlooder(server.url, flooder.token, floodSeat.body.reservation);
    await child.line((l) => l === "joined");
    const [otherRoom] = (await party([steady])) as [BattleRoom];
    await readyAll([partnerRoom]);
    await readyAll([otherRoom]);

    const engineErrors: unknown[] = [];
    const logger = server.ctx.logger;
    const logError = logger.error.bind(logger);
    logger.error = ((...args: Parameters<typeof logger.error>) => {
      engineErrors.push(args[0]);
      return logError(...args);
    }) as typeof logger.error;
    const rejectedBefore = await counterValue(server.ctx.metrics.roomMessagesRejected, {
      room: "dungeon",
      reason: "rate",
    });
    const refusalsBefore = await counterValue(server.ctx.metrics.integrityRefusals, { rule: "room.message_rate" });

    /** p99 of this process's event-loop delay (ms) while `work` runs. */
    async function lagDuring(work: () => Promise<void>): Promise<number> {
      const histogram = monitorEventLoopDelay({ resolution: 1 });
      histogram.enable();
      await work();
      histogram.disable();
      return histogram.percentile(99) / 1e6;
    }
    /** The other room keeps answering (a `ready` in battle gets its refusal back), at an honest pace. */
    async function otherRoomAnswers(times: number): Promise<void> {
      for (let i = 0; i < times; i++) {
        const answer = nextMessage(otherRoom, DungeonMessage.error);
        otherRoom.send(DungeonMessage.ready);
        assert.equal((await answer).code, "BATTLE_STARTED");
        await new Promise((r) => setTimeout(r, 50));
      }
    }

    try {
      const quiet = await lagDuring(() => otherRoomAnswers(10));
      let closeLine = "";
      const flooded = await lagDuring(async () => {
        child.send("go");
        await Promise.all([
          otherRoomAnswers(10),
          child
            .line((l) => l.startsWith("closed"))
            .then((l) => {
              closeLine = l;
            }),
        ]);
      });
      assert.equal(closeLine, `closed ${ROOM_FLOOD_CLOSE_CODE}`, "the flooder is cut off with the documented code");
      // A behaviour bound: the flood adds less than 20 ms to the p99 lag on a quiet machine, scaled
      // like every deadline (on a machine at load 20 other processes alone add more than that).
      assert.ok(
        flooded - quiet < scaled(20),
        `p99 lag ${flooded.toFixed(1)} ms under the flood vs ${quiet.toFixed(1)} ms`,
      );
      assert.deepEqual(engineErrors, [], "no message reached the engine as an error");
      const rejected = await counterValue(server.ctx.metrics.roomMessagesRejected, { room: "dungeon", reason: "rate" });
      assert.ok(rejected > rejectedBefore + 50, "dropped messages are counted");
      const refused = await counterValue(server.ctx.metrics.integrityRefusals, { rule: "room.message_rate" });
      assert.ok(refused > refusalsBefore + 50, "and recorded as integrity refusals");
      // The battle goes on for the others: the flooder left it, the partner still plays.
      await until(() => partnerRoom.state.players.size === 2 && partnerRoom.state.phase === "battle");
    } finally {
      logger.error = logError;
      child.kill();
    }
    await leaveAll([otherRoom, partnerRoom]);
  });
});

/** The flooder (support/flooder.ts) in a child process, with its stdout read line by line. */
function spawnFlooder(url: string, token: string, reservation: unknown) {
  const file = fileURLToPath(new URL("./support/flooder.ts", import.meta.url));
  const args = [url, token, JSON.stringify(reservation), DungeonMessage.battleAction];
  const payload = JSON.stringify({ action: "item", itemId: "constructor" });
  const child = spawn(process.execPath, ["--import", "tsx", file, ...args, payload, "10000"], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  const lines: string[] = [];
  const waiting = new Set<() => void>();
  createInterface({ input: child.stdout }).on("line", (l) => {
    lines.push(l);
    for (const wake of waiting) wake();
  });
  return {
    send: (line: string) => child.stdin.write(`${line}\n`),
    kill: () => child.kill(),
    line: (match: (l: string) => boolean) =>
      new Promise<string>((resolve) => {
        const look = () => {
          const found = lines.find(match);
          if (found === undefined) return;
          waiting.delete(look);
          resolve(found);
        };
        waiting.add(look);
        look();
      }),
  };
}

async function counterValue(
  counter: { get(): Promise<{ values: { labels: Record<string, unknown>; value: number }[] }> },
  labels: Record<string, string>,
): Promise<number> {
  const { values } = await counter.get();
  const match = values.find((v) => Object.entries(labels).every(([k, val]) => v.labels[k] === val));
  return match?.value ?? 0;
}

describe("room refusal codes over REST seats", () => {
  it("when a coding seat is taken by its owner, then it works; the same reservation for another user is refused", async () => {
    const [owner, other] = [await newUser("coder"), await newUser("other")];
    const { room } = await joinCoding(owner);
    const fresh = await api("POST", "/api/game/coding/start", { token: owner.token, body: {} });
    const err = await refusal((await client(other.token)).consumeSeatReservation(fresh.body.reservation, CodingState));
    assert.equal(err.code, RoomCode.FORBIDDEN);
    const again = await (await client(owner.token)).consumeSeatReservation(fresh.body.reservation, CodingState);
    assert.equal(again.roomId, room.roomId);
    await again.leave();
    await room.leave();
  });
});
