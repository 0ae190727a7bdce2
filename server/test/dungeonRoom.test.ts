import assert from "node:assert/strict";
import { matchMaker } from "@colyseus/core";
import { Client } from "@colyseus/sdk";
import { RoomCode } from "@levelup/shared";
import { DungeonState } from "@levelup/shared/state/DungeonState";
import { and, eq, like } from "drizzle-orm";
import { battles, grants } from "../src/db/schema.ts";
import { rebuildBattle } from "../src/services/dungeons/DungeonBattles.ts";
import { api, newUser, type TestUser } from "./support/api.ts";
import { until } from "./support/coding.ts";
import {
  act,
  type BattleRoom,
  experienceOf,
  join,
  leaveAll,
  localRoom,
  nextMessage,
  party,
  playToEnd,
  quiet,
  readyAll,
  record,
  seat,
  spectate,
} from "./support/dungeon.ts";
import { testServer } from "./support/testServer.ts";

before(async function () {
  // The first test would otherwise pay for booting the server (slow on a busy machine).
  this.timeout(180_000);
  await testServer();
});

describe("dungeon room", () => {
  it("when two players and a spectator play a whole battle, then all see it to victory and both are paid", async () => {
    const [a, b, watcher] = [await newUser("hero"), await newUser("hero"), await newUser("fan")];
    const rooms = await party([a as TestUser, b as TestUser]);
    const roomId = (rooms[0] as BattleRoom).roomId;
    const fan = await spectate(watcher as TestUser, roomId);
    await until(() => fan.state.spectators === 1 && fan.state.players.size === 2);
    const xpBefore = [await experienceOf(a as TestUser), await experienceOf(b as TestUser)];

    // The room writes its listing on its next tick (a party's joins are one write).
    let listed: unknown;
    await until(async () => {
      const live = await api("GET", "/api/game/battles/live?limit=100", { token: watcher?.token });
      listed = live.body.items.find((i: any) => i.roomId === roomId);
      return (listed as { spectators?: number } | undefined)?.spectators === 1;
    });
    assert.deepEqual(listed, {
      roomId,
      dungeonId: "slime_cave",
      players: 2,
      spectators: 1,
      round: 0,
      phase: "waiting",
    });

    const fanUpdates = record(fan, "battle_update");
    // An event comes after the patch that carries its change: a hit's target already shows it.
    const hitsShownLate: string[] = [];
    fan.onMessage("battle_update", (e: any) => {
      const shown = e.type === "damage" ? fan.state.enemies.get(e.targetId)?.hp : undefined;
      if (shown !== undefined && shown > e.hp) hitsShownLate.push(`${e.targetId}: state ${shown}, event ${e.hp}`);
    });
    await readyAll(rooms);
    await until(async () => {
      const res = await api("GET", "/api/game/battles/live?limit=100", { token: watcher?.token });
      const item = res.body.items.find((i: any) => i.roomId === roomId);
      return item?.phase === "battle" && item.round === 1;
    });
    // Players see what each enemy plans; spectators do not (their view holds no enemy).
    const enemy = (rooms[0] as BattleRoom).state.enemies.get("e1");
    assert.equal(enemy?.intent, "Bite");
    await until(() => fan.state.enemies.size === 2);
    assert.ok(!fan.state.enemies.get("e1")?.intent, "a spectator never receives intents");
    // …and whom it would hit: the Slime bites the first living player (its target rule).
    assert.equal(enemy?.intentTarget, (rooms[0] as BattleRoom).sessionId, "the party's first player");
    assert.ok(!fan.state.enemies.get("e1")?.intentTarget, "a spectator never receives intent targets");
    assert.equal(fan.state.enemies.get("e1")?.hp, 30);

    const paid = new Promise<any>((resolve) => {
      (rooms[1] as BattleRoom).onMessage("battle_update", (m: any) => m.type === "rewards" && resolve(m));
    });
    const sent = await playToEnd(rooms);
    assert.equal((rooms[0] as BattleRoom).state.phase, "victory");
    const payout = await paid;
    assert.deepEqual(
      payout.rewards.map((r: any) => r.xp),
      [40, 40],
    );
    for (const r of payout.rewards) assert.ok(Array.isArray(r.items), "each payout lists its item drops");
    await until(() => fan.state.phase === "victory" && fanUpdates.some((u) => u.type === "rewards"));
    const types = new Set(fanUpdates.map((u) => u.type));
    for (const t of ["turn", "damage", "victory", "rewards"]) assert.ok(types.has(t), `spectator saw ${t}`);
    assert.deepEqual(hitsShownLate, [], "every hit on an enemy arrived after the patch showing it");
    assert.ok(fan.state.log.length > 0);
    assert.equal(await experienceOf(a as TestUser), (xpBefore[0] as number) + 40);
    assert.equal(await experienceOf(b as TestUser), (xpBefore[1] as number) + 40);

    const { server } = await testServer();
    const [row] = await server.ctx.db.select().from(battles).where(eq(battles.roomId, roomId));
    assert.equal(row?.status, "victory");
    assert.equal(((row?.actions ?? []) as unknown[]).length, sent);
    assert.equal(rebuildBattle(row as any).phase, "victory");
    await leaveAll([...rooms, fan]);
  });

  it("when a player acts out of turn, a spectator acts, or an action is malformed, then each gets an error and nothing changes", async () => {
    const [a, b, watcher] = [await newUser("hero"), await newUser("hero"), await newUser("fan")];
    const rooms = await party([a as TestUser, b as TestUser]);
    const fan = await spectate(watcher as TestUser, (rooms[0] as BattleRoom).roomId);
    await readyAll(rooms);
    const view = rooms[0] as BattleRoom;
    const current = view.state.currentTurn;
    const waiting = rooms.find((r) => r.sessionId !== current) as BattleRoom;
    const hpBefore = view.state.enemies.get("e1")?.hp;

    const outOfTurn = nextMessage(waiting, "error");
    waiting.send("battle_action", { action: "attack", targetId: "e1" });
    assert.equal((await outOfTurn).code, "NOT_YOUR_TURN");

    const spectatorError = nextMessage(fan, "error");
    fan.send("battle_action", { action: "attack", targetId: "e1" });
    assert.equal((await spectatorError).code, "SPECTATOR");
    const spectatorReady = nextMessage(fan, "error");
    fan.send("lock");
    assert.equal((await spectatorReady).code, "SPECTATOR");

    const actor = rooms.find((r) => r.sessionId === current) as BattleRoom;
    for (const bad of [
      { action: "fly" },
      { action: "attack", targetId: 42 },
      "attack",
      { action: "skill", extra: 1 },
    ]) {
      const error = nextMessage(actor, "error");
      actor.send("battle_action", bad);
      assert.equal((await error).code, "VALIDATION_FAILED");
    }
    const noSkill = nextMessage(actor, "error");
    actor.send("battle_action", { action: "skill", skillId: "inferno" });
    assert.equal((await noSkill).code, "INVALID_ACTION");

    assert.equal(view.state.currentTurn, current);
    assert.equal(view.state.enemies.get("e1")?.hp, hpBefore);
    // The room lives on: the right player's valid action goes through.
    await act(rooms, { action: "attack", targetId: "e1" });
    assert.ok((view.state.enemies.get("e1")?.hp ?? 0) < (hpBefore ?? 0));
    await leaveAll([...rooms, fan]);
  });

  it("when the turn timer runs out, then the player defends automatically and the turn moves on", async () => {
    const [a, b] = [await newUser("slow"), await newUser("slow")];
    const rooms = await party([a as TestUser, b as TestUser]);
    await readyAll(rooms);
    const view = rooms[0] as BattleRoom;
    const current = view.state.currentTurn;
    const currentUser = view.state.players.get(current)?.userId;
    assert.ok(view.state.turnEndsAt > 0);
    const defended = new Promise<any>((resolve) => {
      view.onMessage("battle_update", (m: any) => m.type === "defend" && resolve(m));
    });
    const { server } = await testServer();
    server.ctx.clock.advance(31_000);
    try {
      assert.deepEqual(await defended, { type: "defend", actorId: currentUser, auto: true });
      await until(() => view.state.currentTurn !== current);
      assert.equal(view.state.players.get(current)?.defending, true);
    } finally {
      server.ctx.clock.reset();
    }
    await leaveAll(rooms);
  });

  it("when a player drops mid-battle, then the seat waits, others see them disconnected, and they reconnect and act", async () => {
    const [a, b] = [await newUser("flaky"), await newUser("steady")];
    const rooms = await party([a as TestUser, b as TestUser]);
    await readyAll(rooms);
    // The player whose turn it is drops: they are defended automatically while away.
    const [ra, rb] = (rooms[0]?.sessionId === rooms[0]?.state.currentTurn ? rooms : [...rooms].reverse()) as [
      BattleRoom,
      BattleRoom,
    ];
    const autoDefended = new Promise<any>((resolve) =>
      rb.onMessage("battle_update", (m: any) => m.type === "defend" && resolve(m)),
    );
    const server = localRoom(ra.roomId);
    const token = ra.reconnectionToken;
    const sessionId = ra.sessionId;
    // An abnormal closure, as when a network drops (not a consented leave).
    (server.clients.getById(sessionId) as any).ref._socket.destroy();
    await until(() => rb.state.players.get(sessionId)?.connected === false);
    assert.deepEqual(await autoDefended, {
      type: "defend",
      actorId: rb.state.players.get(sessionId)?.userId,
      auto: true,
    });
    await until(() => rb.state.currentTurn !== sessionId);

    const { server: running } = await testServer();
    const client = new Client(running.url);
    // Only the seat's own user may take it back (with their token).
    client.auth.token = (ra === rooms[0] ? (a as TestUser) : (b as TestUser)).token;
    const back = quiet(await client.reconnect(token, DungeonState));
    assert.equal(back.sessionId, sessionId);
    await until(() => rb.state.players.get(sessionId)?.connected === true);
    assert.equal(back.state.phase, "battle");

    // The dropped player may have been auto-defended meanwhile; both can keep playing to the end.
    await playToEnd([back, rb]);
    assert.equal(rb.state.phase, "victory");
    await leaveAll([back, rb]);
  });

  it("when the room is disposed right after victory, then each player is paid exactly once", async () => {
    const [a] = [await newUser("solo")];
    const rooms = await party([a as TestUser]);
    await readyAll(rooms);
    const view = rooms[0] as BattleRoom;
    const roomId = view.roomId;
    const xpBefore = await experienceOf(a as TestUser);
    for (let i = 0; view.state.phase === "battle"; i++) {
      assert.ok(i < 50);
      await act(rooms);
    }
    await localRoom(roomId)?.disconnect();

    const { server } = await testServer();
    const [row] = await server.ctx.db.select().from(battles).where(eq(battles.roomId, roomId));
    assert.equal(row?.status, "victory");
    const paidRows = await server.ctx.db
      .select()
      .from(grants)
      .where(and(eq(grants.userId, (a as TestUser).id), like(grants.ref, `battle:${row?.id}:%`)));
    assert.equal(paidRows.length, 1);
    assert.equal(await experienceOf(a as TestUser), xpBefore + 40);
    // Settling the same battle again (a retry, another process) pays nothing more.
    const again = await server.ctx.dungeons.settle(row?.id as string, rebuildBattle(row as any));
    assert.deepEqual(
      again.map((p) => p.applied),
      [false],
    );
    assert.equal(await experienceOf(a as TestUser), xpBefore + 40);
  });

  it("when actions are stored turn by turn, then the battle rebuilt from its row equals the room's", async () => {
    const [a, b] = [await newUser("log"), await newUser("log")];
    const rooms = await party([a as TestUser, b as TestUser], "slime_cave");
    await readyAll(rooms);
    await act(rooms, { action: "defend" });
    await act(rooms, { action: "skill", skillId: "power_strike" });
    await act(rooms, { action: "attack" });
    const roomId = (rooms[0] as BattleRoom).roomId;
    const { server } = await testServer();
    await until(async () => {
      const row = await server.ctx.dungeons.findByRoom(roomId);
      return ((row?.actions ?? []) as unknown[]).length === 3;
    });
    const row = await server.ctx.dungeons.findByRoom(roomId);
    assert.deepEqual(rebuildBattle(row as any), (localRoom(roomId) as any).battle);
    await leaveAll(rooms);
  });
});

describe("dungeon spectators", () => {
  it("when 50 spectators watch, then the 51st is refused and the players still have their seats", async () => {
    const [hero, fan] = [await newUser("star"), await newUser("crowd")];
    const rooms = await party([hero as TestUser]);
    const roomId = (rooms[0] as BattleRoom).roomId;
    const crowd = await Promise.all(Array.from({ length: 50 }, () => spectate(fan as TestUser, roomId)));
    await until(() => (rooms[0] as BattleRoom).state.spectators === 50);
    await assert.rejects(spectate(fan as TestUser, roomId), (err: { code?: number }) => err.code === RoomCode.CONFLICT);
    assert.equal((rooms[0] as BattleRoom).state.players.size, 1);
    await readyAll(rooms);
    await leaveAll(crowd);
    await until(() => (rooms[0] as BattleRoom).state.spectators === 0);
    await leaveAll(rooms);
  });

  it("when a spectator and a player leave a waiting party, then the live listing counts them out", async () => {
    const [a, b, fan] = [await newUser("host"), await newUser("guest"), await newUser("peek")];
    const rooms = await party([a as TestUser, b as TestUser]);
    const roomId = (rooms[0] as BattleRoom).roomId;
    const listed = async () => {
      const res = await api("GET", "/api/game/battles/live?limit=100", { token: (fan as TestUser).token });
      return res.body.items.find((i: { roomId: string }) => i.roomId === roomId);
    };
    const watching = await spectate(fan as TestUser, roomId);
    await until(async () => (await listed())?.spectators === 1);
    await watching.leave();
    await (rooms[1] as BattleRoom).leave();
    await until(() => (rooms[0] as BattleRoom).state.players.size === 1);
    await until(async () => {
      const item = await listed();
      return item?.spectators === 0 && item.players === 1;
    });
    await leaveAll(rooms.slice(0, 1));
  });
});

describe("dungeon battle start", () => {
  it("when players leave during the start of a battle, then the party is whoever is still seated and nothing fails", async () => {
    const { server } = await testServer();
    const logged: unknown[] = [];
    const logger = server.ctx.logger;
    const logError = logger.error.bind(logger);
    logger.error = ((...args: Parameters<typeof logger.error>) => {
      logged.push(args[0]);
      return logError(...args);
    }) as typeof logger.error;
    try {
      // Alone: ready and gone in the same breath (the start is queued; nobody is left to fight).
      for (let i = 0; i < 3; i++) {
        const [solo] = (await party([await newUser("quitter")])) as [BattleRoom];
        const roomId = solo.roomId;
        solo.send("ready");
        await solo.leave();
        await until(async () => !(await matchMaker.getRoomById(roomId)), 30_000);
      }
      // Two: the second leaves right after its ready, or a moment later while the battle is being opened.
      for (const delayMs of [0, 1, 5, 20]) {
        const rooms = (await party([await newUser("stay"), await newUser("go")])) as [BattleRoom, BattleRoom];
        const [stays, goes] = rooms;
        stays.send("ready");
        goes.send("ready");
        if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
        await goes.leave();
        await until(() => stays.state.phase === "battle" && stays.state.currentTurn !== "");
        // Whoever the battle counts is either seated or has left it: no ghost fights on.
        const battle = (localRoom(stays.roomId) as any).battle;
        await until(() => {
          const seated = new Set([...stays.state.players.values()].map((p) => p.userId));
          return (battle.players as { id: string; left: boolean }[]).every((p) => p.left || seated.has(p.id));
        });
        await leaveAll([stays]);
      }
      assert.deepEqual(logged, [], "no step of any room failed");
    } finally {
      logger.error = logError;
    }
  });
});

describe("dungeon parties", () => {
  it("when the leader locks the party, then invitations are refused until unlocked; a fifth player finds it full", async () => {
    const users = [await newUser("p"), await newUser("p"), await newUser("p"), await newUser("p"), await newUser("p")];
    const rooms = await party(users.slice(0, 2) as TestUser[]);
    const [leader, member] = rooms as [BattleRoom, BattleRoom];
    const roomId = leader.roomId;
    assert.equal(leader.state.leaderId, leader.sessionId);

    const notLeader = nextMessage(member, "error");
    member.send("lock");
    assert.equal((await notLeader).code, "FORBIDDEN");

    leader.send("lock");
    await until(() => member.state.locked);
    const refused = await seat(users[2] as TestUser, { dungeonId: "slime_cave", partyRoomId: roomId });
    assert.equal(refused.status, 409);
    assert.equal(refused.body.error.code, "PARTY_LOCKED");

    leader.send("unlock");
    await until(() => !member.state.locked);
    for (const u of users.slice(2, 4)) {
      const ok = await seat(u as TestUser, { dungeonId: "slime_cave", partyRoomId: roomId });
      assert.equal(ok.status, 201);
      rooms.push(await join(u as TestUser, ok.body.reservation));
    }
    const full = await seat(users[4] as TestUser, { dungeonId: "slime_cave", partyRoomId: roomId });
    assert.equal(full.status, 409);
    assert.equal(full.body.error.code, "PARTY_FULL");

    await readyAll(rooms);
    const late = await seat(users[4] as TestUser, { dungeonId: "slime_cave", partyRoomId: roomId });
    assert.equal(late.status, 409);
    assert.equal(late.body.error.code, "BATTLE_IN_PROGRESS");
    await leaveAll(rooms);
  });

  it("when a client tries to open a dungeon room or sit as a player without a reservation, then it is refused", async () => {
    const [a, b] = [await newUser("sneak"), await newUser("sneak")];
    const rooms = await party([a as TestUser]);
    const { server } = await testServer();
    const client = new Client(server.url);
    client.auth.token = (b as TestUser).token;
    const refused = (code: number) => (err: { code?: number }) => err.code === code;
    await assert.rejects(
      client.create("dungeon", { dungeonId: "slime_cave" }, DungeonState),
      refused(RoomCode.FORBIDDEN),
    );
    await assert.rejects(
      client.joinById((rooms[0] as BattleRoom).roomId, { token: (b as TestUser).token }, DungeonState),
      refused(RoomCode.FORBIDDEN),
    );
    await assert.rejects(
      new Client(server.url).joinById((rooms[0] as BattleRoom).roomId, { spectate: true, token: "bad" }, DungeonState),
      refused(RoomCode.INVALID_TOKEN),
    );
    await leaveAll(rooms);
  });
});
