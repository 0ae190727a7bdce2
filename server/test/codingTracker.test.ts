import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { CredentialStore } from "../../cli/src/credentials.ts";
import { Tracker } from "../../cli/src/Tracker.ts";
import { profiles } from "../src/db/schema.ts";
import { newUser } from "./support/api.ts";
import { until } from "./support/coding.ts";
import { testServer } from "./support/testServer.ts";

describe("levelup-track against the real server", () => {
  it("when code is written in a tracked folder, then the session earns lines × multiplier XP and ends with rewards", async () => {
    const { server } = await testServer();
    const user = await newUser("tracker");
    const dir = await mkdtemp(path.join(os.tmpdir(), "levelup-e2e-"));
    const store = new CredentialStore(path.join(dir, ".config"));
    await store.save({ server: server.url, username: user.username, refreshToken: user.refreshToken });
    const project = path.join(dir, "project");
    await mkdir(project);
    await writeFile(path.join(project, "old.py"), "print('already here')\n");
    await writeFile(path.join(project, ".gitignore"), "skip.rs\n");

    const tracker = await Tracker.start({ folder: project, store, sendIntervalMs: 100 });
    try {
      const body = Array.from({ length: 40 }, (_, i) => `let v${i} = ${i};`).join("\n");
      await writeFile(path.join(project, "main.rs"), `${body}\n`);
      await writeFile(path.join(project, "skip.rs"), `${body}\n`);
      await writeFile(path.join(project, "old.py"), "print('already here')\nprint('new')\n");
      await until(() => tracker.status.lines === 41);
      assert.equal(tracker.status.sessionXp, 53);
      // The batch is paid while the session runs and the status shows the new total.
      await until(() => tracker.status.totalXp === 53);
    } finally {
      const { session, rewards } = await tracker.stop();
      assert.equal(session.status, "ended");
      assert.deepEqual(session.linesByLanguage, { rust: 40, python: 1 });
      assert.equal(rewards.xp, 53);
      assert.equal(rewards.coins, 5);
      await rm(dir, { recursive: true, force: true });
    }
    const [profile] = await server.ctx.db.select().from(profiles).where(eq(profiles.userId, user.id));
    assert.equal(profile?.experience, 53);
    // The refresh token rotated and the new one was saved.
    assert.notEqual((await store.load())?.refreshToken, user.refreshToken);
  });
});
