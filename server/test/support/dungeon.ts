import assert from "node:assert/strict";
import { matchMaker } from "@colyseus/core";
import { Client, type Room } from "@colyseus/sdk";
import { DungeonState } from "@levelup/shared/state/DungeonState";
import { eq } from "drizzle-orm";
import { profiles } from "../../src/db/schema.ts";
import type { DungeonRoom } from "../../src/rooms/dungeon/DungeonRoom.ts";
import { api, type TestUser } from "./api.ts";
import { until } from "./coding.ts";
import { testServer } from "./testServer.ts";

export type BattleRoom = Room<any, DungeonState>;

export async function seat(user: TestUser, body: { dungeonId: string; partyRoomId?: string }) {
  return api("POST", "/api/game/dungeons/battle", { token: user.token, body });
}

export async function join(user: TestUser, reservation: unknown): Promise<BattleRoom> {
  const { server } = await testServer();
  const client = new Client(server.url);
  client.auth.token = user.token;
  const room = await client.consumeSeatReservation(reservation as any, DungeonState);
  return quiet(room);
}

/** No automatic reconnection (tests drive it) and no warnings for messages a test does not read. */
export function quiet(room: BattleRoom): BattleRoom {
  room.reconnection.enabled = false;
  room.onMessage("*", () => {});
  return room;
}

/** Opens a party of `users` in a dungeon: the first creates it, the others join by invitation. */
export async function party(users: TestUser[], dungeonId = "slime_cave"): Promise<BattleRoom[]> {
  const first = await seat(users[0] as TestUser, { dungeonId });
  assert.equal(first.status, 201, JSON.stringify(first.body));
  const rooms = [await join(users[0] as TestUser, first.body.reservation)];
  for (const user of users.slice(1)) {
    const res = await seat(user, { dungeonId, partyRoomId: first.body.roomId });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    rooms.push(await join(user, res.body.reservation));
  }
  await until(() => rooms.every((r) => r.state.players?.size === users.length));
  return rooms;
}

export async function spectate(user: TestUser, roomId: string): Promise<BattleRoom> {
  const { server } = await testServer();
  const client = new Client(server.url);
  return quiet(await client.joinById(roomId, { spectate: true, token: user.token }, DungeonState));
}

export async function readyAll(rooms: BattleRoom[]): Promise<void> {
  for (const r of rooms) r.send("ready");
  await until(() => rooms.every((r) => r.state.phase === "battle" && r.state.currentTurn !== ""));
}

/** Collects every message of a type a room receives. */
export function record<T = any>(room: BattleRoom, type: string): T[] {
  const got: T[] = [];
  room.onMessage(type, (m: T) => got.push(m));
  return got;
}

export function nextMessage<T = any>(room: BattleRoom, type: string): Promise<T> {
  return new Promise((resolve) => {
    const off = room.onMessage(type, (m: T) => {
      off();
      resolve(m);
    });
  });
}

/** The player whose turn it is sends an action; waits until the turn (or round, or phase) moved on. */
export async function act(rooms: BattleRoom[], action: Record<string, unknown> = { action: "attack" }): Promise<void> {
  const view = rooms[0] as BattleRoom;
  const { currentTurn, round } = view.state;
  const actor = rooms.find((r) => r.sessionId === currentTurn);
  assert.ok(actor, "the current player is one of ours");
  actor.send("battle_action", action);
  await until(
    () => view.state.phase !== "battle" || view.state.currentTurn !== currentTurn || view.state.round !== round,
  );
}

/** Attacks turn after turn until the battle ends; returns how many actions were sent. */
export async function playToEnd(rooms: BattleRoom[]): Promise<number> {
  const view = rooms[0] as BattleRoom;
  let sent = 0;
  for (; view.state.phase === "battle"; sent++) {
    assert.ok(sent < 100, "the battle ends");
    await act(rooms);
  }
  return sent;
}

export function localRoom(roomId: string): DungeonRoom {
  return matchMaker.getLocalRoomById(roomId) as unknown as DungeonRoom;
}

export async function experienceOf(user: TestUser): Promise<number> {
  const { server } = await testServer();
  const [row] = await server.ctx.db.select().from(profiles).where(eq(profiles.userId, user.id));
  return row?.experience ?? -1;
}

export async function leaveAll(rooms: BattleRoom[]): Promise<void> {
  await Promise.all(rooms.map((r) => r.leave().catch(() => {})));
}
