import assert from "node:assert/strict";
import { dayKey, dayStartMs, TIME_ZONE_CHANGE_INTERVAL_MS } from "@levelup/shared";
import { eq } from "drizzle-orm";
import { profiles } from "../src/db/schema.ts";
import { api, newUser, type TestUser } from "./support/api.ts";
import { joinCoding, until } from "./support/coding.ts";
import { testServer } from "./support/testServer.ts";

const setZone = (user: TestUser, timeZone: unknown) =>
  api("PUT", "/api/game/profile/time-zone", { token: user.token, body: { timeZone } });

/** Moves the server's clock forward to the next instant that is `hhmm` UTC (at least a minute ahead). */
async function advanceToUtc(hhmm: string): Promise<number> {
  const { clock } = (await testServer()).server.ctx;
  const now = clock.now();
  let target = Date.parse(`${new Date(now).toISOString().slice(0, 10)}T${hhmm}:00Z`);
  while (target < now + 60_000) target += 86_400_000;
  clock.advance(target - now);
  return target;
}

async function streakOf(user: TestUser) {
  const { server } = await testServer();
  const [row] = await server.ctx.db.select().from(profiles).where(eq(profiles.userId, user.id));
  if (!row) throw new Error("no profile");
  return { streak: row.codingStreak, lastDay: row.lastCodingDay, codingDays: (row.statistics as any).codingDays };
}

/** Codes `lines` Python lines in a fresh session and waits until the server has paid their XP. */
async function codeAndSettle(user: TestUser, lines: number) {
  const { room, start } = await joinCoding(user);
  room.send("coding_update", { linesAdded: lines, language: "python" });
  await until(async () => {
    const items = (await api("GET", "/api/game/coding/sessions", { token: user.token })).body.items as any[];
    return items.find((s) => s.id === start.body.sessionId)?.xpEarned === lines;
  });
  return { room, sessionId: start.body.sessionId as string };
}

async function endSession(user: TestUser, sessionId: string) {
  const end = await api("POST", "/api/game/coding/end", { token: user.token, body: { sessionId } });
  // The room's idle time-out may have ended it first, at the same (advanced) instant.
  assert.ok(end.status === 200 || end.status === 409, `end: ${end.status}`);
}

before(async function () {
  this.timeout(180_000);
  await testServer();
});

afterEach(async () => (await testServer()).server.ctx.clock.reset());

describe("time zone setting", () => {
  it("when the zone is not an IANA name (Mars/Olympus, +25:00, 5,000 characters, a number, missing), then 400 and nothing changes", async () => {
    const user = await newUser("tz");
    for (const timeZone of ["Mars/Olympus", "+25:00", "A".repeat(5000), "", 42, null]) {
      const res = await setZone(user, timeZone);
      assert.equal(res.status, 400, `${String(timeZone).slice(0, 20)}: ${res.status}`);
      assert.equal(res.body.error.code, "VALIDATION_FAILED");
    }
    const missing = await api("PUT", "/api/game/profile/time-zone", { token: user.token, body: {} });
    assert.equal(missing.status, 400);
    const extra = await api("PUT", "/api/game/profile/time-zone", {
      token: user.token,
      body: { timeZone: "UTC", admin: true },
    });
    assert.equal(extra.status, 400);
    const profile = await api("GET", "/api/game/profile", { token: user.token });
    assert.equal(profile.body.timeZone, "UTC");
    assert.equal(profile.body.timeZoneChangeableAt, null);
    assert.equal((await api("PUT", "/api/game/profile/time-zone", { body: { timeZone: "UTC" } })).status, 401);
  });

  it("when a valid zone is set, then its canonical name is kept and shown; a second change within a week is 429 until the week has passed", async () => {
    const user = await newUser("tz");
    const first = await setZone(user, "europe/berlin");
    assert.equal(first.status, 200);
    assert.equal(first.body.timeZone, "Europe/Berlin");
    const { server } = await testServer();
    const changeableIn = Date.parse(first.body.timeZoneChangeableAt) - server.ctx.clock.now();
    assert.ok(changeableIn > TIME_ZONE_CHANGE_INTERVAL_MS - 60_000 && changeableIn <= TIME_ZONE_CHANGE_INTERVAL_MS);
    const profile = await api("GET", "/api/game/profile", { token: user.token });
    assert.equal(profile.body.timeZone, "Europe/Berlin");
    assert.equal(profile.body.timeZoneChangeableAt, first.body.timeZoneChangeableAt);

    // Setting the zone one already has is no change.
    assert.equal((await setZone(user, "Europe/Berlin")).status, 200);
    const refused = await setZone(user, "America/New_York");
    assert.equal(refused.status, 429);
    assert.equal(refused.body.error.code, "RATE_LIMITED");
    assert.ok(Number(refused.headers.get("retry-after")) > 6 * 86_400);
    assert.equal((await api("GET", "/api/game/profile", { token: user.token })).body.timeZone, "Europe/Berlin");

    server.ctx.clock.advance(TIME_ZONE_CHANGE_INTERVAL_MS - 60_000);
    assert.equal((await setZone(user, "America/New_York")).status, 429);
    server.ctx.clock.advance(61_000);
    const later = await setZone(user, "America/New_York");
    assert.equal(later.status, 200);
    assert.equal(later.body.timeZone, "America/New_York");
  });

  it("when two changes race, then one wins and the other is refused", async () => {
    const user = await newUser("tz");
    const answers = await Promise.all([setZone(user, "Asia/Tokyo"), setZone(user, "Europe/Paris")]);
    assert.deepEqual(answers.map((a) => a.status).sort(), [200, 429]);
  });
});

describe("streak days and time zones", () => {
  it("when a session coded at 23:45 is ended by the idle time-out after midnight, then it credits no second day (the streak day is when XP was paid)", async function () {
    this.timeout(60_000);
    const user = await newUser("night");
    const codedAt = await advanceToUtc("23:45");
    const { room, sessionId } = await codeAndSettle(user, 10);
    const day = dayKey(codedAt, "UTC");
    assert.deepEqual(await streakOf(user), { streak: 1, lastDay: day, codingDays: 1 });

    // Past midnight the room's idle time-out ends the session, with nothing new to pay.
    (await testServer()).server.ctx.clock.advance(35 * 60_000);
    await until(async () => {
      const items = (await api("GET", "/api/game/coding/sessions", { token: user.token })).body.items as any[];
      const session = items.find((s) => s.id === sessionId);
      return session?.status === "ended" && session.endReason === "idle";
    });
    await room.leave().catch(() => {});
    assert.deepEqual(await streakOf(user), { streak: 1, lastDay: day, codingDays: 1 });
  });

  it("when a player who coded today moves to a zone already on tomorrow, then coding again the same real day credits no day", async function () {
    this.timeout(60_000);
    const user = await newUser("mover");
    const codedAt = await advanceToUtc("11:00"); // 01:00 of the next day at Kiritimati (UTC+14)
    const first = await codeAndSettle(user, 10);
    await endSession(user, first.sessionId);
    await first.room.leave();
    assert.equal((await streakOf(user)).streak, 1);

    assert.equal((await setZone(user, "Pacific/Kiritimati")).status, 200);
    const moved = await streakOf(user);
    assert.deepEqual(moved, { streak: 1, lastDay: dayKey(codedAt, "Pacific/Kiritimati"), codingDays: 1 });
    const second = await codeAndSettle(user, 10);
    await endSession(user, second.sessionId);
    await second.room.leave();
    assert.equal((await streakOf(user)).streak, 1);
    assert.equal((await api("GET", "/api/game/profile", { token: user.token })).body.codingStreak, 1);
  });

  it("when a player at UTC−11 codes on two local days that share one UTC day, then the streak is 2", async function () {
    this.timeout(60_000);
    const user = await newUser("pago");
    assert.equal((await setZone(user, "Pacific/Pago_Pago")).status, 200);
    await advanceToUtc("10:30"); // 23:30 local
    const first = await codeAndSettle(user, 10);
    await endSession(user, first.sessionId);
    await first.room.leave();
    (await testServer()).server.ctx.clock.advance(60 * 60_000); // 00:30 local, still the same UTC day
    const second = await codeAndSettle(user, 10);
    await endSession(user, second.sessionId);
    await second.room.leave();
    assert.equal((await streakOf(user)).streak, 2);
  });
});

describe("quests in the player's time zone", () => {
  it("when a player at UTC+14 asks for quests, then today's quest ends at Kiritimati midnight and the next day's follows it", async () => {
    const user = await newUser("quests");
    const { server } = await testServer();
    // Registration made UTC quests; once those expire, the player's own days take over.
    assert.equal((await setZone(user, "Pacific/Kiritimati")).status, 200);
    const utcDaily = (await api("GET", "/api/game/quests", { token: user.token })).body.items.find(
      (q: any) => q.period === "DAILY",
    );
    server.ctx.clock.advance(Date.parse(utcDaily.expiresAt) - server.ctx.clock.now() + 1000);

    const now = server.ctx.clock.now();
    const today = dayKey(now, "Pacific/Kiritimati");
    const list = (await api("GET", "/api/game/quests", { token: user.token })).body.items as any[];
    const dailies = list.filter((q) => q.period === "DAILY");
    assert.ok(dailies.length > 0);
    const tomorrowStart = dayStartMs(
      new Date(Date.parse(`${today}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10),
      "Pacific/Kiritimati",
    );
    for (const q of dailies) assert.equal(Date.parse(q.expiresAt), tomorrowStart);
    // One open quest per template, never the UTC one and the zone's one together.
    const templates = list.map((q) => `${q.period}:${q.templateId}`);
    assert.equal(new Set(templates).size, templates.length);

    server.ctx.clock.advance(tomorrowStart - now + 1000);
    const next = (await api("GET", "/api/game/quests", { token: user.token })).body.items as any[];
    const nextDailies = next.filter((q) => q.period === "DAILY");
    assert.equal(nextDailies.length, dailies.length);
    for (const q of nextDailies) assert.equal(Date.parse(q.expiresAt), tomorrowStart + 86_400_000);
  });
});
