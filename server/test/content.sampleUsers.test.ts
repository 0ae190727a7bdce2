import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { inArray } from "drizzle-orm";
import { openDatabase } from "../src/db/client.ts";
import { profiles, users } from "../src/db/schema.ts";
import { hashPassword, verifyPassword } from "../src/services/auth/passwords.ts";
import { runUntilExit } from "./support/spawnServer.ts";
import { testStack } from "./support/testServer.ts";
import { createThrowawayDatabase } from "./support/throwawayDatabase.ts";
import { PROCESS_TEST_MS, scaled } from "./support/deadlines.ts";

const seedScript = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../src/db/seedSampleUsers.ts");
const names = ["alice", "bob", "charlie"];

describe("sample users (npm run seed)", function () {
  // Each test starts a server process (TypeScript loader, migrations): slower than an in-process test.
  this.timeout(scaled(PROCESS_TEST_MS));
  // One seed run covers both cases (a user to create, a user that exists): each run is a process
  // that opens the database, migrates and loads content, which takes seconds on a busy machine.
  it("when the seed runs and alice exists, then it creates bob and charlie with password123 and a profile and leaves alice alone", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "levelup-seed-"));
    const database = testStack === "postgres" ? await createThrowawayDatabase() : undefined;
    const storage = database ? { DATABASE_URL: database.url } : { DATA_DIR: dir };
    const open = () => openDatabase(database ? { url: database.url, poolSize: 1 } : { dataDir: dir });
    try {
      const aliceHash = await hashPassword("alices-own-password", 4);
      const before = await open();
      try {
        await before.db
          .insert(users)
          .values({ username: "alice", email: "alice@example.com", passwordHash: aliceHash });
      } finally {
        await before.close();
      }

      const run = await runUntilExit(seedScript, { ...storage, NODE_ENV: "development" });
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /alice exists/);
      assert.match(run.stdout, /created bob/);
      assert.match(run.stdout, /created charlie/);

      const db = await open();
      try {
        const rows = await db.db.select().from(users).where(inArray(users.username, names));
        assert.deepEqual(rows.map((r) => r.username).sort(), names);
        const created = rows.filter((r) => r.username !== "alice");
        for (const row of created) assert.ok(await verifyPassword("password123", row.passwordHash));
        assert.equal(rows.find((r) => r.username === "alice")?.passwordHash, aliceHash, "alice is left alone");
        const ids = created.map((r) => r.id);
        assert.equal((await db.db.select().from(profiles).where(inArray(profiles.userId, ids))).length, 2);
      } finally {
        await db.close();
      }
    } finally {
      await database?.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("when NODE_ENV is production, then the seed refuses and exits 1", async () => {
    const result = await runUntilExit(seedScript, {
      NODE_ENV: "production",
      JWT_SECRET: "0123456789abcdef".repeat(3),
      DATA_DIR: "memory://",
    });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /NODE_ENV: .*refusing to seed in production/);
  });
});
