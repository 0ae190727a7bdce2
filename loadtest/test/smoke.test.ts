import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { type ServerProcess, spawnServerProcess } from "../../server/src/cluster/serverProcess.ts";

const run = promisify(execFile);
const src = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../src");

/**
 * Each load script, run briefly (a few clients, a few seconds) against a real server on an
 * embedded database, so the scripts cannot rot. Figures are not judged here, only that the
 * scripts did what they claim (joined, sent, got answers).
 */
describe("load scripts (smoke)", () => {
  let server: ServerProcess;
  let work: string;
  const endpoint = () => `ws://127.0.0.1:${server.port}`;
  // Scaled with the machine like mocha's own timeout (scripts/testTimeScale.cjs).
  // Whole milliseconds: a fractional scale (×4.1 on a busy machine) made execFile's timeout 245999.99… and throw.
  const scaled = (ms: number) => Math.round(ms * (Number(process.env.LEVELUP_TEST_TIME_SCALE) || 1));

  before(async () => {
    work = mkdtempSync(path.join(tmpdir(), "levelup-smoke-"));
    server = await spawnServerProcess({
      name: "smoke",
      port: 0,
      startTimeoutMs: scaled(60_000),
      env: {
        ...process.env,
        NODE_ENV: "test",
        HOST: "127.0.0.1",
        LOG_LEVEL: "warn",
        DATA_DIR: path.join(work, "data"),
        BCRYPT_ROUNDS: "4",
        // Every test player registers from this host.
        REGISTRATIONS_PER_IP_PER_HOUR: "1000000",
        // A clash round within the clash script's few seconds.
        CLASH_COUNTDOWN_MS: "200",
        DATABASE_URL: "",
        REDIS_URL: "",
      },
    });
  });
  after(async () => {
    await server?.stop("SIGTERM");
    rmSync(work, { recursive: true, force: true });
  });

  const script = async (file: string, args: string[]) => {
    const figures = path.join(work, `${file}.json`);
    await run(process.execPath, ["--import", "tsx", path.join(src, file), ...args, "--figures", figures], {
      timeout: scaled(60_000),
    });
    return JSON.parse(readFileSync(figures, "utf8"));
  };
  const bots = (file: string, clients: number, extra: string[] = []) =>
    script(file, [
      "--endpoint",
      endpoint(),
      "--numClients",
      String(clients),
      "--duration",
      "3",
      "--output",
      path.join(work, `${file}.log`),
      ...extra,
    ]);

  it("when the hub script runs, then every bot holds a hub seat", async () => {
    const figures = await bots("hub.ts", 3);
    assert.equal(figures.counts.joined, 3);
    assert.equal(figures.counts.botErrors, undefined);
  });

  it("when the coding script runs, then every bot has a session and the server processes its updates", async () => {
    const figures = await bots("coding.ts", 2, ["--interval", "200"]);
    assert.equal(figures.counts.sessions, 2);
    assert.ok(figures.counts.updatesSent > 0);
    assert.ok(figures.counts.updatesProcessed > 0, JSON.stringify(figures.counts));
  });

  it("when the dungeon script runs, then a party of 4 forms with 2 spectators and plays turns", async () => {
    const figures = await bots("dungeon.ts", 1, ["--duration", "5"]);
    assert.equal(figures.counts.parties, 1);
    assert.equal(figures.counts.clients, 6);
    assert.ok(figures.counts.actions > 0, JSON.stringify(figures.counts));
  });

  it("when the clash script runs, then tables of bots play clashes to their result, graded", async () => {
    const figures = await script("clash.ts", [
      "--endpoint",
      endpoint(),
      "--clashes",
      "1",
      "--players",
      "2",
      "--generators",
      "1",
      "--typing",
      "0.3",
      "--duration",
      "4",
    ]);
    assert.equal(figures.tables.seated, 1);
    assert.ok(figures.clashesCompleted > 0, JSON.stringify(figures));
    assert.ok(figures.graderLatencyMs.n > 0, JSON.stringify(figures));
    assert.deepEqual(figures.errors, {});
    assert.equal(figures.unhandledMessages, 0);
  });

  it("when the HTTP script runs, then login, profile, leaderboard and purchase all get answers", async () => {
    const figures = await script("http.ts", [
      "--base",
      `http://127.0.0.1:${server.port}`,
      "--duration",
      "1",
      "--connections",
      "2",
      "--users",
      "3",
    ]);
    for (const name of ["login", "profile", "leaderboard", "purchase"]) {
      const statuses = figures.results[name]?.statuses ?? {};
      assert.ok(Object.keys(statuses).length > 0, `${name} got answers`);
      assert.ok(!Object.keys(statuses).some((s) => s.startsWith("5")), `${name}: ${JSON.stringify(statuses)}`);
    }
    assert.ok(figures.results.profile.statuses["200"] > 0);
  });

  it("when a script is pointed at another host, then it refuses before sending anything", async () => {
    await assert.rejects(
      run(process.execPath, ["--import", "tsx", path.join(src, "http.ts"), "--base", "http://example.com"], {
        timeout: 30_000,
      }),
      /localhost only/,
    );
  });
});
