import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { Client, type Room } from "@colyseus/sdk";
import type { AppError } from "../src/errors.ts";
import { api, newUser, type TestUser } from "./support/api.ts";
import { testServer } from "./support/testServer.ts";

async function joinHub(user: TestUser): Promise<Room> {
  const { server } = await testServer();
  const client = new Client(server.url);
  client.auth.token = user.token;
  return client.joinOrCreate("hub");
}

/** Resolves with the first message of `type`, running `onArrival` the moment it arrives. */
function first<T>(room: Room, type: string, onArrival: (payload: T) => Promise<unknown> = async () => {}) {
  return new Promise<{ payload: T; seen: unknown }>((resolve, reject) => {
    let done = false;
    room.onMessage(type, (payload: T) => {
      if (done) return;
      done = true;
      onArrival(payload).then((seen) => resolve({ payload, seen }), reject);
    });
  });
}

describe("progression pushes on the hub", () => {
  it("when a grant levels up, completes a quest and unlocks a badge, then all four pushes arrive and the change is already committed", async () => {
    const { server } = await testServer();
    const user = await newUser("push");
    const room = await joinHub(user);
    try {
      const profileNow = async () => (await api("GET", "/api/game/profile", { token: user.token })).body.experience;
      const xp = first<{ xp: number; totalXp: number; level: number; leveledUp: boolean }>(
        room,
        "xp_update",
        profileNow,
      );
      const level = first<{ levelBefore: number; level: number }>(room, "level_up");
      const badge = first<{ badge: { id: string } }>(room, "achievement_unlocked");
      const quest = first<{ templateId: string; completed: boolean }>(room, "quest_progress");

      await server.ctx.progression.grant({
        userId: user.id,
        ref: `test:${randomUUID()}`,
        reason: "coding",
        xp: 120,
        events: [{ kind: "lines_written", amount: 50, language: "python" }],
      });

      const got = await xp;
      assert.deepEqual(got.payload, { xp: 120, totalXp: 120, level: 2, leveledUp: true });
      assert.equal(got.seen, 120, "when the push arrived, the XP was already readable by anyone");
      assert.deepEqual((await level).payload, { levelBefore: 1, level: 2 });
      assert.equal((await badge).payload.badge.id, "first_steps");
      const q = (await quest).payload;
      assert.ok(["daily_lines", "weekly_lines"].includes(q.templateId));
    } finally {
      await room.leave();
    }
  });

  it("when a grant is rolled back, then no push is sent for it", async () => {
    const { server } = await testServer();
    const user = await newUser("nopush");
    const room = await joinHub(user);
    try {
      const xp = first<{ xp: number }>(room, "xp_update");
      await assert.rejects(
        server.ctx.progression.grant({ userId: user.id, ref: "test:fail", reason: "test", xp: 33, coins: -1 }),
        (err: AppError) => err.code === "INSUFFICIENT_FUNDS",
      );
      await server.ctx.progression.grant({ userId: user.id, ref: "test:ok", reason: "test", xp: 7 });
      assert.equal((await xp).payload.xp, 7, "the first push is the committed grant's");
    } finally {
      await room.leave();
    }
  });
});
