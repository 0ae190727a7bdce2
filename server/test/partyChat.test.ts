import assert from "node:assert/strict";
import type { ChatLine, EmoteShown } from "@levelup/shared";
import { eq } from "drizzle-orm";
import { chatReports } from "../src/db/schema.ts";
import { api, makeAdmin, newUser, type TestUser } from "./support/api.ts";
import { until } from "./support/coding.ts";
import { type BattleRoom, leaveAll, nextMessage, party, readyAll, record, spectate } from "./support/dungeon.ts";
import { TEST_METRICS_TOKEN, testServer } from "./support/testServer.ts";

const WAIT = 30_000;

/** Two players (a, b) in one party and a spectator watching it, each recording chat, emotes and refusals. */
async function chatParty() {
  const [a, b, fan] = [await newUser("chat"), await newUser("chat"), await newUser("fan")] as TestUser[];
  const [roomA, roomB] = (await party([a as TestUser, b as TestUser])) as [BattleRoom, BattleRoom];
  const watcher = await spectate(fan as TestUser, roomA.roomId);
  await until(() => watcher.state.spectators === 1, WAIT);
  const rooms = { a: roomA, b: roomB, fan: watcher };
  const heard = Object.fromEntries(
    Object.entries(rooms).map(([k, r]) => [
      k,
      { chat: record<ChatLine>(r, "chat"), emote: record<EmoteShown>(r, "emote"), error: record(r, "error") },
    ]),
  ) as Record<keyof typeof rooms, { chat: ChatLine[]; emote: EmoteShown[]; error: { code: string }[] }>;
  return { users: { a: a as TestUser, b: b as TestUser, fan: fan as TestUser }, rooms, heard };
}

describe("party chat in dungeon rooms (real @colyseus/sdk clients)", function () {
  // The first test of a run also boots the server, which takes minutes on a loaded shared machine.
  this.timeout(300_000);

  it("when a player chats, then the party and the spectator see it with the sender's name and role", async () => {
    const { users, rooms, heard } = await chatParty();
    rooms.a.send("chat", { text: "  hello party  " });
    await until(() => heard.b.chat.length === 1 && heard.fan.chat.length === 1 && heard.a.chat.length === 1, WAIT);
    const line = heard.fan.chat[0] as ChatLine;
    assert.equal(line.text, "hello party");
    assert.deepEqual(line.from, {
      userId: users.a.id,
      name: users.a.username,
      role: "player",
      sessionId: rooms.a.sessionId,
    });
    assert.deepEqual(heard.b.chat[0], line);
    await leaveAll(Object.values(rooms));
  });

  it("when a message is over 200 characters, empty or holds control characters, then it is refused and nobody receives it", async () => {
    const { rooms, heard } = await chatParty();
    const refusals = [
      ["a".repeat(201), "CHAT_TOO_LONG"],
      ["   ", "CHAT_EMPTY"],
      ["line\nbreak", "CHAT_CONTROL_CHARACTERS"],
      ["\u001b[2Jcleared", "CHAT_CONTROL_CHARACTERS"],
      ["\u202Eevil", "CHAT_CONTROL_CHARACTERS"],
    ];
    for (const [text] of refusals) rooms.a.send("chat", { text });
    rooms.a.send("chat", { text: 42 });
    rooms.a.send("chat", { text: "ok", extra: true });
    rooms.a.send("chat", { text: "b".repeat(200) });
    await until(() => heard.b.chat.length === 1, WAIT);
    assert.equal(heard.b.chat[0]?.text, "b".repeat(200), "the 200-character message is the only one through");
    assert.deepEqual(
      heard.a.error.map((e) => e.code),
      [...refusals.map(([, code]) => code), "VALIDATION_FAILED", "VALIDATION_FAILED"],
    );
    assert.equal(heard.fan.chat.length, 1);
    await leaveAll(Object.values(rooms));
  });

  it("when a player floods the chat, then only the burst gets through and the rest is refused as rate limited", async () => {
    const { rooms, heard } = await chatParty();
    for (let i = 0; i < 12; i++) rooms.a.send("chat", { text: `spam ${i}` });
    await until(() => heard.a.error.length + heard.a.chat.length === 12, WAIT);
    assert.deepEqual(
      heard.b.chat.map((l) => l.text),
      ["spam 0", "spam 1", "spam 2", "spam 3", "spam 4"],
    );
    assert.ok(heard.a.error.every((e) => e.code === "CHAT_RATE_LIMITED"));
    // Another client's budget is its own.
    rooms.b.send("chat", { text: "still here" });
    await until(() => heard.a.chat.some((l) => l.text === "still here"), WAIT);
    const metrics = await api("GET", "/metrics", { headers: { authorization: `Bearer ${TEST_METRICS_TOKEN}` } });
    assert.match(String(metrics.body), /rule="chat\.message_rate"/);
    await leaveAll(Object.values(rooms));
  });

  it("when a spectator chats, then it is refused; its emotes reach the party; an unknown emote is refused", async () => {
    const { users, rooms, heard } = await chatParty();
    rooms.fan.send("chat", { text: "let me play" });
    rooms.fan.send("emote", { emote: "dance_on_table" });
    rooms.fan.send("emote", { emote: "cheer" });
    await until(() => heard.a.emote.length === 1 && heard.b.emote.length === 1, WAIT);
    assert.deepEqual(heard.a.emote[0], {
      emote: "cheer",
      from: { userId: users.fan.id, name: users.fan.username, role: "spectator", sessionId: rooms.fan.sessionId },
    });
    assert.deepEqual(
      heard.fan.error.map((e) => e.code),
      ["CHAT_SPECTATOR_EMOTE_ONLY", "VALIDATION_FAILED"],
    );
    assert.equal(heard.b.chat.length, 0, "no spectator text reached the party");
    // Players emote too, and the spectator sees it.
    rooms.b.send("emote", { emote: "gg" });
    await until(() => heard.fan.emote.some((e) => e.emote === "gg" && e.from.userId === users.b.id), WAIT);
    await leaveAll(Object.values(rooms));
  });

  it("when a player mutes another, then the room no longer delivers that player's chat and emotes to them, until unmuted", async () => {
    const { users, rooms, heard } = await chatParty();
    rooms.b.send("chat_mute", { userId: users.a.id, muted: true });
    // The mute is handled before a's next message arrives only if it reached the room first: b's own
    // chat message, sent after the mute, proves the order (one connection's messages stay in order).
    rooms.b.send("chat", { text: "muted you" });
    await until(() => heard.a.chat.some((l) => l.text === "muted you"), WAIT);
    rooms.a.send("chat", { text: "can you hear me" });
    rooms.a.send("emote", { emote: "wave" });
    await until(() => heard.fan.chat.some((l) => l.text === "can you hear me") && heard.fan.emote.length === 1, WAIT);
    // A later message from the spectator reaches b after a's would have: b got none of a's.
    rooms.fan.send("emote", { emote: "wow" });
    await until(() => heard.b.emote.some((e) => e.emote === "wow"), WAIT);
    assert.ok(!heard.b.chat.some((l) => l.from.userId === users.a.id), "b hears nothing from a");
    assert.ok(!heard.b.emote.some((e) => e.from.userId === users.a.id));

    rooms.b.send("chat_mute", { userId: users.a.id, muted: false });
    rooms.b.send("chat", { text: "unmuted" });
    await until(() => heard.a.chat.some((l) => l.text === "unmuted"), WAIT);
    rooms.a.send("chat", { text: "back again" });
    await until(() => heard.b.chat.some((l) => l.text === "back again"), WAIT);
    rooms.b.send("chat_mute", { userId: "x".repeat(65), muted: true });
    await until(() => heard.b.error.some((e) => e.code === "VALIDATION_FAILED"), WAIT);
    await leaveAll(Object.values(rooms));
  });

  it("when someone joins late, then it gets the recent chat; chat is not stored, only a reported message is, once, for admins", async () => {
    const { users, rooms, heard } = await chatParty();
    await readyAll([rooms.a, rooms.b]);
    rooms.a.send("chat", { text: "first" });
    rooms.a.send("chat", { text: "rude words" });
    await until(() => heard.b.chat.length === 2, WAIT);
    const rude = heard.b.chat[1] as ChatLine;

    const late = await newUser("late");
    const { server } = await testServer();
    const { Client } = await import("@colyseus/sdk");
    const client = new Client(server.url);
    const lateRoom = await client.joinById(rooms.a.roomId, { spectate: true, token: late.token });
    // Sent in onJoin: the SDK delivers it after the join resolves, so this handler is in time.
    const history = await nextMessage<ChatLine[]>(lateRoom as BattleRoom, "chat_history");
    assert.deepEqual(
      history.map((l) => l.text),
      ["first", "rude words"],
    );
    await lateRoom.leave();

    const reported = nextMessage(rooms.b, "chat_reported");
    rooms.b.send("chat_report", { messageId: rude.id, reason: "insults" });
    assert.deepEqual(await reported, { messageId: rude.id });
    rooms.b.send("chat_report", { messageId: rude.id });
    rooms.b.send("chat_report", { messageId: "nope-1" });
    await until(() => heard.b.error.length === 2, WAIT);
    // The duplicate waits on the database, the unknown id does not: compare without order.
    assert.deepEqual(heard.b.error.map((e) => e.code).sort(), ["CHAT_ALREADY_REPORTED", "NOT_FOUND"]);

    const rows = await server.ctx.db.select().from(chatReports).where(eq(chatReports.roomId, rooms.a.roomId));
    assert.equal(rows.length, 1, "only the reported message is kept");
    assert.equal(rows[0]?.text, "rude words");
    assert.equal(rows[0]?.authorId, users.a.id);
    assert.equal(rows[0]?.reporterId, users.b.id);
    assert.ok(rows[0]?.battleId, "the report names the battle");

    assert.equal((await api("GET", "/api/admin/chat-reports")).status, 401);
    const notAdmin = await api("GET", "/api/admin/chat-reports", { token: users.b.token });
    assert.equal(notAdmin.status, 403);
    assert.equal(notAdmin.body.error.code, "FORBIDDEN");
    const admin = await makeAdmin(await newUser("admin"));
    const list = await api("GET", "/api/admin/chat-reports?limit=100", { token: admin.token });
    assert.equal(list.status, 200, JSON.stringify(list.body));
    const item = list.body.items.find((i: { messageId: string }) => i.messageId === rude.id);
    assert.equal(item.text, "rude words");
    assert.equal(item.authorName, users.a.username);
    assert.equal(item.reason, "insults");
    assert.equal((await api("GET", "/api/admin/chat-reports?limit=0", { token: admin.token })).status, 400);
    await leaveAll(Object.values(rooms));
  });
});
