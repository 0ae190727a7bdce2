import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { openDatabase } from "../src/db/client.ts";
import { users } from "../src/db/schema.ts";
import { spawnServer } from "./support/spawnServer.ts";
import { testStack } from "./support/testServer.ts";
import { createThrowawayDatabase } from "./support/throwawayDatabase.ts";
import { PROCESS_TEST_MS, scaled } from "./support/deadlines.ts";

/**
 * Starts a POST whose headers reach the server (it answers 100 Continue) while its body is
 * held back: a request the server has accepted and not finished.
 */
function startRequest(url: string, pathname: string) {
  const req = http.request(`${url}${pathname}`, {
    method: "POST",
    agent: false,
    headers: { "content-type": "application/json", expect: "100-continue" },
  });
  const accepted = new Promise<void>((resolve) => req.once("continue", () => resolve()));
  const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
    req.once("response", (res) => {
      let body = "";
      res.on("data", (c: Buffer) => {
        body += c.toString();
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.once("error", reject);
  });
  return { accepted, response, finish: (body: unknown) => req.end(JSON.stringify(body)) };
}

describe("graceful shutdown", function () {
  // Each test starts a server process (TypeScript loader, migrations): slower than an in-process test.
  this.timeout(scaled(PROCESS_TEST_MS));
  it("when SIGTERM arrives during a request, then the request completes, its write is kept and the process exits 0", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "levelup-shutdown-"));
    const database = testStack === "postgres" ? await createThrowawayDatabase() : undefined;
    const storage = database ? { DATABASE_URL: database.url } : { DATA_DIR: dir };
    try {
      const server = await spawnServer(storage);
      const request = startRequest(server.url, "/api/auth/register");
      await request.accepted;

      const exited = server.stop("SIGTERM");
      await server.waitForOutput(/"msg":"shutting down"/);
      request.finish({ username: "drain_user", email: "drain@example.test", password: "password123" });

      const res = await request.response;
      assert.equal(res.status, 201, res.body);
      assert.equal(await exited, 0);

      const reopened = await openDatabase(database ? { url: database.url, poolSize: 1 } : { dataDir: dir });
      try {
        const rows = await reopened.db.select().from(users).where(eq(users.username, "drain_user"));
        assert.equal(rows.length, 1);
      } finally {
        await reopened.close();
      }
    } finally {
      await database?.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
