import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import pg from "pg";
import { type HttpFigures, hammer } from "./lib/autocannon.ts";
import { resultsDir } from "./lib/runBots.ts";
import { round } from "./lib/stats.ts";

/**
 * Purchase throughput: POST /api/game/shop/purchase (a stackable potion, so every request buys)
 * from `--connections` concurrent clients (default 50), each a different player with coins, for
 * `--duration` seconds, once on embedded PGlite and once on PostgreSQL (a throw-away database on
 * TEST_DATABASE_URL, default the local server). The server runs in a child process (this file
 * with --serve) so the load generator does not share its event loop. Localhost only.
 *   npm run bench:purchase -w loadtest -- --duration 10 --connections 50 --stacks pglite,postgres
 * Prints the figures and writes loadtest/results/purchase.json.
 */

const file = fileURLToPath(import.meta.url);
const resultsFile = path.join(resultsDir, "purchase.json");
/** A stackable potion: every funded request buys (gear would answer 409 after the first). */
const ITEM_ID = "health_potion";

const { values } = parseArgs({
  options: {
    serve: { type: "boolean", default: false },
    users: { type: "string", default: "50" },
    connections: { type: "string", default: "50" },
    duration: { type: "string", default: "10" },
    stacks: { type: "string", default: "pglite,postgres" },
  },
});

if (values.serve) await serve();
else await bench();

/** Child role: boots the real server on a free local port, makes funded players, prints {url, tokens}. */
async function serve(): Promise<void> {
  const { loadConfig } = await import("../../server/src/config.ts");
  const { startServer } = await import("../../server/src/app.ts");
  const config = loadConfig({
    NODE_ENV: "development",
    PORT: "0",
    HOST: "127.0.0.1",
    LOG_LEVEL: "warn",
    JWT_SECRET: randomBytes(32).toString("hex"),
    BCRYPT_ROUNDS: "4",
    // Every test player registers from this host.
    REGISTRATIONS_PER_IP_PER_HOUR: "1000000",
    DATA_DIR: "memory://",
    ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
  });
  const server = await startServer(config);
  const tokens: string[] = [];
  for (let i = 0; i < Number(values.users); i++) {
    const username = `bench_${randomBytes(6).toString("hex")}`;
    const account = await server.ctx.accounts.register({
      username,
      email: `${username}@bench.test`,
      password: "bench-password",
    });
    // Enough for any bounded run: 120 s × a few thousand purchases/s spread over the players.
    await server.ctx.progression.grant({
      userId: account.user.id,
      ref: "bench:funds",
      reason: "bench",
      coins: 10_000_000,
    });
    tokens.push(account.access_token);
  }
  process.stdout.write(`${JSON.stringify({ url: server.url, tokens })}\n`);
  process.once("SIGTERM", () => void server.stop().then(() => process.exit(0)));
}

/** Parent role: one run per stack, then the figures file. */
async function bench(): Promise<void> {
  const connections = Number(values.connections);
  const seconds = Number(values.duration);
  if (!(Number.isInteger(connections) && connections >= 1 && connections <= 200))
    throw new Error("--connections: 1–200");
  if (!(seconds >= 1 && seconds <= 120)) throw new Error("--duration: 1–120 seconds");
  const stacks = String(values.stacks).split(",");
  const figures: Record<string, HttpFigures & { serverCpuSeconds?: number; okPerServerCpuSecond?: number }> = {};
  for (const stack of stacks) {
    if (stack !== "pglite" && stack !== "postgres") throw new Error(`unknown stack ${stack}`);
    const db = stack === "postgres" ? await throwawayDatabase() : undefined;
    const child = spawn(
      process.execPath,
      [...process.execArgv, file, "--serve", "--users", String(Math.max(connections, Number(values.users)))],
      {
        env: { ...process.env, ...(db ? { DATABASE_URL: db.url } : {}) },
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    try {
      const { url, tokens } = await firstLine<{ url: string; tokens: string[] }>(child);
      console.log(`${stack}: server ${url}, ${tokens.length} funded players, ${connections} clients for ${seconds}s`);
      const cpuBefore = cpuSeconds(child.pid);
      const run = await load(url, tokens, connections, seconds);
      const cpuAfter = cpuSeconds(child.pid);
      // The machine may be shared: purchases per CPU-second of the server process do not depend on
      // what else runs (PostgreSQL's own processes are not counted in it).
      const serverCpu = cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore;
      figures[stack] = {
        ...run,
        ...(serverCpu
          ? { serverCpuSeconds: round(serverCpu), okPerServerCpuSecond: round((run.statuses["200"] ?? 0) / serverCpu) }
          : {}),
      };
      console.log(`${stack}: ${JSON.stringify(figures[stack])}`);
    } finally {
      child.kill("SIGTERM");
      await new Promise((resolve) => child.once("exit", resolve));
      await db?.drop();
    }
  }
  const report = {
    benchmark: "POST /api/game/shop/purchase",
    item: ITEM_ID,
    connections,
    durationSeconds: seconds,
    measuredAt: new Date().toISOString(),
    // The machine is shared: the load average says how much else was running during the measurement.
    machine: {
      node: process.version,
      cpus: os.cpus().length,
      cpu: os.cpus()[0]?.model,
      loadAverage1m: os.loadavg()[0],
    },
    stacks: figures,
  };
  mkdirSync(path.dirname(resultsFile), { recursive: true });
  writeFileSync(resultsFile, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`wrote ${resultsFile}`);
}

/** Runs autocannon: each connection is one player (its own token) buying one potion per request. */
function load(url: string, tokens: string[], connections: number, seconds: number): Promise<HttpFigures> {
  let next = 0;
  return hammer({
    url: `${url}/api/game/shop/purchase`,
    method: "POST",
    connections,
    duration: seconds,
    body: JSON.stringify({ itemId: ITEM_ID }),
    setupClient(client) {
      const token = tokens[next++ % tokens.length];
      client.setHeaders({ "content-type": "application/json", authorization: `Bearer ${token}` });
    },
  });
}

/** User + system CPU seconds a process has used so far (Linux /proc), or undefined elsewhere. */
function cpuSeconds(pid: number | undefined): number | undefined {
  const stat = `/proc/${pid}/stat`;
  if (pid === undefined || !existsSync(stat)) return undefined;
  // Fields after the ")" that closes the command name: utime and stime are the 12th and 13th.
  const text = readFileSync(stat, "utf8");
  const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function firstLine<T>(child: ChildProcess): Promise<T> {
  return new Promise((resolve, reject) => {
    if (!child.stdout) return reject(new Error("no stdout"));
    const lines = createInterface({ input: child.stdout });
    lines.once("line", (line) => resolve(JSON.parse(line) as T));
    child.once("exit", (code) => reject(new Error(`server exited with ${code} before it was ready`)));
  });
}

/** A fresh database on the local PostgreSQL, dropped after the run. */
async function throwawayDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const adminUrl = new URL(process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test");
  if (!["localhost", "127.0.0.1", "::1"].includes(adminUrl.hostname)) throw new Error("benchmarks use localhost only");
  const name = `levelup_bench_${randomBytes(6).toString("hex")}`;
  const admin = async (sql: string) => {
    const c = new pg.Client({ connectionString: adminUrl.toString() });
    await c.connect();
    await c.query(sql);
    await c.end();
  };
  await admin(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`drop database if exists ${name} with (force)`) };
}
