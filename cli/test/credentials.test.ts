import assert from "node:assert/strict";
import { mkdtemp, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { CredentialStore } from "../src/credentials.ts";
import { formatStatus } from "../src/statusLine.ts";

describe("credentials", () => {
  it("when credentials are saved, then only the user may read them and they load back", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "levelup-cred-"));
    try {
      const store = new CredentialStore(path.join(dir, "conf"));
      assert.equal(await store.load(), undefined);
      await store.save({ server: "http://localhost:2567", username: "ada", refreshToken: "r".repeat(40) });
      assert.equal((await stat(store.file)).mode & 0o777, 0o600);
      assert.deepEqual(await store.load(), {
        server: "http://localhost:2567",
        username: "ada",
        refreshToken: "r".repeat(40),
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("status line", () => {
  it("when lines are queued and the connection is down, then the line says so", () => {
    const line = formatStatus({
      connected: false,
      lines: 120,
      sessionXp: 156,
      level: 3,
      totalXp: 456,
      queued: 40,
      rejected: 0,
    });
    assert.equal(line, "○ reconnecting… 120 lines · +156 XP · Lv 3 (456 XP) · 40 queued");
  });
});
