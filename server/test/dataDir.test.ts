import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { openDatabase } from "../src/db/client.ts";
import { runServerUntilExit, runUntilExit, spawnServer } from "./support/spawnServer.ts";
import { testStack } from "./support/testServer.ts";
import { PROCESS_TEST_MS, scaled } from "./support/deadlines.ts";

const seedScript = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../src/db/seedSampleUsers.ts");

/** Entries under `dir` (itself included) that group or others may read, write or enter. */
function openToOthers(dir: string): string[] {
  const entries = [dir, ...readdirSync(dir, { recursive: true }).map((name) => path.join(dir, String(name)))];
  return entries.filter((file) => !lstatSync(file).isSymbolicLink() && lstatSync(file).mode & 0o077);
}

// DATA_DIR is the embedded database's: the PostgreSQL run has nothing of it to test.
if (testStack === "embedded") {
  describe("DATA_DIR (embedded database on disk)", function () {
    // Each test starts a server process (TypeScript loader, migrations): slower than an in-process test.
    this.timeout(scaled(PROCESS_TEST_MS));
    let dir: string;

    beforeEach(() => {
      dir = path.join(mkdtempSync(path.join(tmpdir(), "levelup-datadir-")), "data");
    });

    afterEach(() => {
      rmSync(path.dirname(dir), { recursive: true, force: true });
    });

    it("when a server runs on DATA_DIR, then the seed and a second server stop with a message naming it", async () => {
      const server = await spawnServer({ DATA_DIR: dir, NODE_ENV: "development" });
      try {
        const pid = server.proc.pid;
        const seed = await runUntilExit(seedScript, { DATA_DIR: dir, NODE_ENV: "development" });
        assert.equal(seed.code, 1, seed.stdout);
        assert.match(seed.stderr, new RegExp(`in use by process ${pid} `));
        assert.doesNotMatch(seed.stdout, /created/);
        const second = await runServerUntilExit({ DATA_DIR: dir, NODE_ENV: "development" });
        assert.equal(second.code, 1);
        assert.match(second.stderr, new RegExp(`DATA_DIR: .*in use by process ${pid} .*main\\.ts`));
        // The first server still serves.
        assert.equal((await fetch(`${server.url}/readyz`)).status, 200);
      } finally {
        assert.equal(await server.stop(), 0);
      }
      // Once it stopped, the lock is gone and another process may open the database.
      const seed = await runUntilExit(seedScript, { DATA_DIR: dir, NODE_ENV: "development" });
      assert.equal(seed.code, 0, seed.stderr);
    });

    it("when the lock was left by a process that is gone, then it is taken over; the directory is owner-only", async () => {
      const gone = spawnSync(process.execPath, ["-e", ""]).pid;
      const lock = { pid: gone, host: hostname(), command: "a crashed server", since: new Date().toISOString() };
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, "pglite.lock"), JSON.stringify(lock));
      const database = await openDatabase({ dataDir: dir });
      try {
        await database.ping();
        assert.deepEqual(openToOthers(dir), []);
        // Same process, second open: refused too (PGlite would corrupt the files just the same).
        await assert.rejects(openDatabase({ dataDir: dir }), new RegExp(`in use by process ${process.pid} `));
      } finally {
        await database.close();
      }
      assert.deepEqual(openToOthers(dir), []);
      assert.deepEqual(readdirSync(dir).sort(), ["pglite"], "the lock is released at close");
    });
  });
}
