import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { inArray } from "drizzle-orm";
import { openDatabase } from "../src/db/client.ts";
import { profiles, users } from "../src/db/schema.ts";
import { verifyPassword } from "../src/services/auth/passwords.ts";
import { runUntilExit } from "./support/spawnServer.ts";
import { testStack } from "./support/testServer.ts";
import { createThrowawayDatabase } from "./support/throwawayDatabase.ts";

const seedScript = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../src/db/seedSampleUsers.ts");
const names = ["alice", "bob", "charlie"];

describe("sample users (npm run seed)", () => {
  it("when the seed runs twice, then alice, bob and charlie exist once each with password123 and a profile", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "levelup-seed-"));
    const database = testStack === "postgres" ? await createThrowawayDatabase() : undefined;
    const storage = database ? { DATABASE_URL: database.url } : { DATA_DIR: dir };
    try {
      const first = await runUntilExit(seedScript, { ...storage, NODE_ENV: "development" });
      assert.equal(first.code, 0, first.stderr);
      assert.match(first.stdout, /created alice/);
      const second = await runUntilExit(seedScript, { ...storage, NODE_ENV: "development" });
      assert.equal(second.code, 0, second.stderr);
      assert.match(second.stdout, /alice exists/);

      const db = await openDatabase(database ? { url: database.url, poolSize: 1 } : { dataDir: dir });
      try {
        const rows = await db.db.select().from(users).where(inArray(users.username, names));
        assert.deepEqual(rows.map((r) => r.username).sort(), names);
        for (const row of rows) assert.ok(await verifyPassword("password123", row.passwordHash));
        const ids = rows.map((r) => r.id);
        assert.equal((await db.db.select().from(profiles).where(inArray(profiles.userId, ids))).length, 3);
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
