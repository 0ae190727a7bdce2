import assert from "node:assert/strict";
import { matchMaker } from "@colyseus/core";
import { Client, type Room } from "@colyseus/sdk";
import { type ClashProblem, clashProblemById } from "@levelup/shared/content/clashProblems";
import type { ClashProblemMessage } from "@levelup/shared";
import { ClashState } from "@levelup/shared/state/ClashState";
import { inArray } from "drizzle-orm";
import type { Config } from "../../src/config.ts";
import { users as usersTable } from "../../src/db/schema.ts";
import type { ClashRoom as ServerClashRoom } from "../../src/rooms/clash/ClashRoom.ts";
import { api, type TestUser } from "./api.ts";
import { until } from "./deadlines.ts";
import { testServer } from "./testServer.ts";

export type ClashRoom = Room<any, ClashState>;

type ClashConfig = Pick<Config, "CLASH_COUNTDOWN_MS" | "CLASH_RECONNECT_MS" | "CLASH_TIME_LIMIT_SCALE" | "CLASH_MODES">;

/** Sets the test server's clash settings (read by rooms when they need them); returns the restore. */
export async function clashConfig(settings: Partial<ClashConfig>): Promise<() => void> {
  const { config } = (await testServer()).server.ctx;
  const saved = {
    CLASH_COUNTDOWN_MS: config.CLASH_COUNTDOWN_MS,
    CLASH_RECONNECT_MS: config.CLASH_RECONNECT_MS,
    CLASH_TIME_LIMIT_SCALE: config.CLASH_TIME_LIMIT_SCALE,
    CLASH_MODES: config.CLASH_MODES,
  };
  Object.assign(config, settings);
  return () => Object.assign(config, saved);
}

export function queue(user: TestUser, body: unknown = {}) {
  return api("POST", "/api/game/clashes/queue", { token: user.token, body });
}

export function invite(user: TestUser) {
  return api("POST", "/api/game/clashes/invite", { token: user.token, body: {} });
}

export function joinByLink(user: TestUser, roomId: string) {
  return api("POST", "/api/game/clashes/join", { token: user.token, body: { roomId } });
}

/** Every message a client receives, in order, with its type (tests read only what they assert on). */
export interface Recorded {
  messages: { type: string; payload: any }[];
}

/** No automatic reconnection (tests drive it); every message recorded on `room.recorded`. */
export function quiet(room: ClashRoom): ClashRoom & Recorded {
  room.reconnection.enabled = false;
  const recorded = room as ClashRoom & Recorded;
  recorded.messages = [];
  room.onMessage("*", (type: string | number, payload: any) => {
    recorded.messages.push({ type: String(type), payload });
  });
  return recorded;
}

export async function take(user: TestUser, reservation: unknown): Promise<ClashRoom & Recorded> {
  const { server } = await testServer();
  const client = new Client(server.url);
  client.auth.token = user.token;
  return quiet(await client.consumeSeatReservation(reservation as any, ClashState));
}

export async function watch(user: TestUser, roomId: string): Promise<ClashRoom & Recorded> {
  const { server } = await testServer();
  const client = new Client(server.url);
  return quiet(await client.joinById(roomId, { spectate: true, token: user.token }, ClashState));
}

/** A private lobby of `users`: the first invites, the others come by the link; everyone seated. */
export async function lobby(users: TestUser[]): Promise<(ClashRoom & Recorded)[]> {
  const first = await invite(users[0] as TestUser);
  assert.equal(first.status, 201, JSON.stringify(first.body));
  const rooms = [await take(users[0] as TestUser, first.body.reservation)];
  for (const user of users.slice(1)) {
    const res = await joinByLink(user, first.body.roomId);
    assert.equal(res.status, 201, JSON.stringify(res.body));
    rooms.push(await take(user, res.body.reservation));
  }
  await until(() => rooms.every((r) => r.state.players?.size === users.length));
  return rooms;
}

/** The next message of `type` the room receives (or one already received, with `since`). */
export function nextMessage<T = any>(
  room: ClashRoom & Recorded,
  type: string,
  since = room.messages.length,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = () => {
      const found = room.messages.slice(since).find((m) => m.type === type);
      if (found) return resolve(found.payload as T);
      if (Date.now() - started > 30_000) return reject(new Error(`no ${type} message`));
      setTimeout(poll, 10);
    };
    poll();
  });
}

/** The owner (first room) starts; resolves once every room plays, with the problem each one got. */
export async function start(
  rooms: (ClashRoom & Recorded)[],
): Promise<{ problem: ClashProblem; message: ClashProblemMessage }> {
  const waits = rooms.map((r) => nextMessage<ClashProblemMessage>(r, "clash_problem"));
  (rooms[0] as ClashRoom).send("clash_start", {});
  const messages = await Promise.all(waits);
  await until(() => rooms.every((r) => r.state.phase === "playing"));
  const message = messages[0] as ClashProblemMessage;
  const problem = clashProblemById(message.problemId);
  assert.ok(problem, `a known problem: ${message.problemId}`);
  return { problem, message };
}

/** Submits `code` and resolves with the grade. */
export async function submit(room: ClashRoom & Recorded, code: string, kind: "submit" | "test" = "submit") {
  const graded = nextMessage(room, "clash_graded");
  const refused = nextMessage(room, "error");
  room.send(kind === "submit" ? "clash_submit" : "clash_test", { code });
  return Promise.race([graded, refused.then((e) => Promise.reject(new Error(`refused: ${JSON.stringify(e)}`)))]);
}

/** A correct solution; `padding` characters of comment make it longer (the Shortest mode). */
export function solution(problem: ClashProblem, padding = 0, marker = ""): string {
  return `${problem.reference}\n/*${marker}${"x".repeat(padding)}*/\n`;
}

/** A solution passing exactly the first `k` validators: it knows their answers, nothing else. */
export function partial(problem: ClashProblem, k: number): string {
  const table = problem.validators.slice(0, k).map((v) => [JSON.stringify(v.args), v.expected]);
  return `function ${problem.fn}(...args) { const t = new Map(${JSON.stringify(table)}); return t.get(JSON.stringify(args)); }`;
}

export function localClash(roomId: string): ServerClashRoom {
  return matchMaker.getLocalRoomById(roomId) as unknown as ServerClashRoom;
}

export async function leaveAll(rooms: Room[]): Promise<void> {
  await Promise.all(rooms.map((r) => r.leave().catch(() => {})));
}

/** Test players all register from this host, which links them (AccountLinks): forget their networks so they are rated. */
export async function unlinked(...players: TestUser[]): Promise<void> {
  const { server } = await testServer();
  await server.ctx.db
    .update(usersTable)
    .set({ registrationNetwork: null })
    .where(
      inArray(
        usersTable.id,
        players.map((p) => p.id),
      ),
    );
}

/**
 * Every frame the room's connection receives, raw (state patches and messages alike), each
 * marked with whether `clash_result` had arrived by the time it was handled.
 */
export function rawFrames(room: ClashRoom & Recorded): { bytes: Buffer; afterResult: boolean }[] {
  const frames: { bytes: Buffer; afterResult: boolean }[] = [];
  const events = (room as any).connection.events;
  const handle = events.onmessage;
  events.onmessage = (event: { data: ArrayBuffer | Buffer }) => {
    handle(event);
    const bytes = Buffer.from(event.data as ArrayBuffer);
    frames.push({ bytes, afterResult: room.messages.some((m) => m.type === "clash_result") });
  };
  return frames;
}

/** Clash settings for the enclosing describe block only (restored after it, whatever else ran). */
export function useClashConfig(settings: Partial<ClashConfig>): void {
  let restore: (() => void) | undefined;
  before(async () => {
    restore = await clashConfig(settings);
  });
  after(() => restore?.());
}
