import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadConfig } from "../src/config.ts";
import { runServerUntilExit } from "./support/spawnServer.ts";
import { PROCESS_TEST_MS, scaled } from "./support/deadlines.ts";

describe("configuration", function () {
  // Each test starts a server process (TypeScript loader, migrations): slower than an in-process test.
  this.timeout(scaled(PROCESS_TEST_MS));
  for (const [name, value] of [
    ["PORT", "abc"],
    ["DATABASE_URL", "mysql://localhost/levelup"],
    ["ACCESS_TOKEN_TTL", "forever"],
    ["CORS_ORIGINS", "not-an-origin"],
  ] as const) {
    it(`when ${name}=${value}, then the server exits 1 with a message naming ${name} and no stack trace`, async () => {
      const { code, stderr } = await runServerUntilExit({ [name]: value });
      assert.equal(code, 1);
      assert.match(stderr, new RegExp(`^\\s*${name}(\\.\\d+)?: `, "m"));
      assert.doesNotMatch(stderr, /^\s+at /m);
    });
  }

  it("when production has no JWT_SECRET, then the server refuses to start", async () => {
    const { code, stderr } = await runServerUntilExit({ NODE_ENV: "production", JWT_SECRET: "" });
    assert.equal(code, 1);
    assert.match(stderr, /JWT_SECRET: required in production/);
  });

  it("when production has a short or repetitive JWT_SECRET, then the server refuses to start", async () => {
    for (const secret of ["short-secret", "x".repeat(64)]) {
      const { code, stderr } = await runServerUntilExit({ NODE_ENV: "production", JWT_SECRET: secret });
      assert.equal(code, 1);
      assert.match(stderr, /JWT_SECRET: too weak/);
    }
  });

  it("when REDIS_URL is set (several processes) but JWT_SECRET is not, then the server refuses to start naming JWT_SECRET", async () => {
    const { code, stderr } = await runServerUntilExit({ REDIS_URL: "redis://127.0.0.1:6379", JWT_SECRET: "" });
    assert.equal(code, 1);
    assert.match(stderr, /JWT_SECRET: required with REDIS_URL/);
    assert.doesNotMatch(stderr, /^\s+at /m);
  });

  it("when production runs the embedded database without DATA_DIR, then the server refuses to start naming DATA_DIR", async () => {
    const { code, stderr } = await runServerUntilExit({
      NODE_ENV: "production",
      JWT_SECRET: "0123456789abcdefghijklmnopqrstuvwxyz",
      DATA_DIR: "",
    });
    assert.equal(code, 1);
    assert.match(stderr, /DATA_DIR: required in production without DATABASE_URL/);
    assert.doesNotMatch(stderr, /^\s+at /m);
  });

  it("when Redis is configured but unreachable, then start-up stops quickly with a message naming REDIS_URL", async () => {
    // Port 1 on localhost: nothing listens there, so the connection is refused at once.
    const { code, stderr } = await runServerUntilExit({ REDIS_URL: "redis://127.0.0.1:1" });
    assert.equal(code, 1);
    assert.match(stderr, /REDIS_URL: Redis at 127\.0\.0\.1:1 is unreachable/);
  });

  it("when no JWT_SECRET is set outside production, then one is generated into DATA_DIR once (mode 0600) and reused", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "levelup-secret-"));
    try {
      const first = loadConfig({ DATA_DIR: dir });
      const file = path.join(dir, "jwt-secret");
      assert.equal(statSync(file).mode & 0o777, 0o600);
      assert.equal(readFileSync(file, "utf8"), first.JWT_SECRET);
      assert.ok(first.JWT_SECRET.length >= 32);
      assert.equal(loadConfig({ DATA_DIR: dir }).JWT_SECRET, first.JWT_SECRET);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("when a variable is set to an empty string, then it counts as unset", () => {
    const config = loadConfig({ PORT: "", DATABASE_URL: "", DATA_DIR: "memory://" });
    assert.equal(config.PORT, 2567);
    assert.equal(config.DATABASE_URL, undefined);
  });
});
