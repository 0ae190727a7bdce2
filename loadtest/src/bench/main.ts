import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { freePort, type ServerProcess, spawnServerProcess } from "../../../server/src/cluster/serverProcess.ts";
import { resultsDir } from "../lib/runBots.ts";
import { round } from "../lib/stats.ts";
import type { BotUser } from "../lib/target.ts";
import { benchStores } from "./env.ts";
import { baselineLagP99, gameServerLagP99 } from "./lag.ts";
import {
  crossJoinLatency,
  dungeonGroup,
  heapSection,
  held,
  ingestSection,
  minimalGroup,
  openDungeonId,
  registerMany,
  restSection,
  watchPatches,
} from "./sections.ts";

/**
 * `npm run bench`: every figure of issue 10, measured side by side in one run on this machine,
 * printed as a table and written to loadtest/results/bench.{json,md}. Servers run as child
 * processes (the game server on a throw-away PostgreSQL database and a flushed Redis DB, the
 * baselines in a process of their own); the load comes from this process. Bounded: each ramp has
 * a client cap and a time budget; the whole run takes a few minutes on 2 cores.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../../..");
const COMMAND = "npm run bench";
/** --quick: the same sections with small bounds (a check that the bench runs, not figures to quote). */
const QUICK = process.argv.includes("--quick");
const RAMP = QUICK
  ? { maxClients: 60, budgetMs: 10_000, groupsPerStep: 5, stepMs: 1_500 }
  : { maxClients: 1200, budgetMs: 60_000, groupsPerStep: 15, stepMs: 3_000 };

interface Row {
  measure: string;
  ours: string;
  baseline: string;
  ratio: string;
  target: string;
  ok: boolean | null;
}

async function main() {
  const started = Date.now();
  const stores = await benchStores();
  const children: Array<ServerProcess | ChildProcess> = [];
  const rows: Row[] = [];
  const raw: Record<string, unknown> = {};
  // Interrupted: stop the servers this run started and drop its database, then go.
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      for (const c of children) "stop" in c ? void c.stop("SIGKILL") : c.kill("SIGKILL");
      stores.drop().finally(() => process.exit(130));
    });
  }
  try {
    const jwt = randomBytes(32).toString("hex");
    const game = async (name: string) => {
      const port = await freePort();
      const proc = await spawnServerProcess({
        name,
        port,
        env: {
          ...process.env,
          NODE_ENV: "production",
          HOST: "127.0.0.1",
          LOG_LEVEL: "warn",
          JWT_SECRET: jwt,
          // Registering thousands of bots is not what is measured; login is not in this table.
          BCRYPT_ROUNDS: "4",
          // Every test player registers from this host.
          REGISTRATIONS_PER_IP_PER_HOUR: "1000000",
          DATABASE_URL: stores.databaseUrl,
          REDIS_URL: stores.redisUrl,
          PUBLIC_ADDRESS: `127.0.0.1:${port}`,
        },
        // pino writes JSON lines; errors (level 50+) are worth seeing next to the figures.
        onOutput: (line) => {
          if (/"level":(50|60)/.test(line)) console.error(`  [server ${name}] ${line.slice(0, 600)}`);
        },
      });
      children.push(proc);
      return proc;
    };
    console.log("starting the game server and the baselines…");
    const a = await game("a");
    const baseline = await startBaseline();
    children.push(baseline.child);

    // Users: a pool registered once, handed out in sixes to dungeon parties.
    const pool: BotUser[] = await registerMany(a.url, QUICK ? 20 : 100, "bench");
    let spare: BotUser[] = [];
    const six = async (base: string) => {
      if (spare.length < 6) spare = await registerMany(base, 60, "bench");
      return spare.splice(0, 6);
    };

    // 1. REST
    console.log("REST: profile vs hello-world…");
    const rest = await restSection(a.url, baseline.httpUrl, pool.slice(0, 20), QUICK ? 1 : 5);
    raw.rest = rest;
    rows.push(
      ratioRow(
        "REST GET /api/game/profile req/s vs bare Express hello-world",
        rest.profile.requestsPerSecond,
        rest.hello.requestsPerSecond,
        0.5,
        "≥",
      ),
    );

    // 2. coding_update ingest
    console.log("ingest: coding_update vs echo room…");
    const sessions = QUICK ? 10 : 100;
    const ingest = await ingestSection({
      gameUrl: a.url,
      baselineWs: baseline.wsUrl,
      users: pool.slice(0, sessions),
      intervalMs: 12,
      seconds: QUICK ? 1 : 5,
    });
    raw.ingest = ingest;
    rows.push(
      ratioRow(
        `coding_update msgs/s ingested (${sessions} sessions, ~${Math.round(ingest.offered)} offered/s) vs echo room`,
        ingest.coding,
        ingest.echo,
        0.7,
        "≥",
      ),
    );

    // 3. dungeon rooms held vs a minimal room; patch sizes watched on one spectator
    console.log("rooms held: dungeon parties vs minimal room…");
    const dungeonId = await openDungeonId(a.url, pool[0]!);
    const patches = { patch: [] as number[], diffJson: [] as number[], stateJson: [] as number[] };
    let watching = false;
    const dungeonHeld = await held(
      () =>
        dungeonGroup(
          [a.url],
          () => six(a.url),
          dungeonId,
          (spectator) => {
            if (watching) return;
            watching = true;
            watchPatches(spectator, patches);
          },
        ),
      () => gameServerLagP99(a.url),
      RAMP,
    );
    const minimalHeld = await held(
      () => minimalGroup(baseline.wsUrl),
      () => baselineLagP99(baseline.httpUrl),
      RAMP,
    );
    raw.roomsHeld = { dungeon: dungeonHeld, minimal: minimalHeld };
    rows.push(
      ratioRow(
        `clients held, lag p99 < 50 ms: dungeon rooms (4 players + 2 spectators, 1 turn/s) vs minimal room [${dungeonHeld.limitedBy} / ${minimalHeld.limitedBy}]`,
        dungeonHeld.held,
        minimalHeld.held,
        0.8,
        "≥",
      ),
    );
    const median = (v: number[]) => [...v].sort((x, y) => x - y)[Math.floor(v.length / 2)] ?? Number.NaN;
    raw.patches = {
      samples: patches.patch.length,
      patchMedian: median(patches.patch),
      diffJsonMedian: median(patches.diffJson),
      stateJsonMedian: median(patches.stateJson),
    };
    rows.push(
      ratioRow(
        "dungeon state patch bytes (median) vs JSON of the same state",
        median(patches.patch),
        median(patches.stateJson),
        0.2,
        "≤",
      ),
    );
    rows.push(
      ratioRow(
        "dungeon state patch bytes (median) vs JSON of only the changed fields",
        median(patches.patch),
        median(patches.diffJson),
        null,
        "≤",
      ),
    );

    // 4. two processes vs one
    console.log("two processes vs one…");
    const b = await game("b");
    const twoHeld = await held(
      () => dungeonGroup([a.url, b.url], () => six(b.url), dungeonId),
      async () => Math.max(await gameServerLagP99(a.url), await gameServerLagP99(b.url)),
      {
        ...RAMP,
        maxClients: 2 * RAMP.maxClients,
        groupsPerStep: 2 * RAMP.groupsPerStep,
        budgetMs: 1.25 * RAMP.budgetMs,
      },
    );
    raw.twoProcesses = twoHeld;
    rows.push(
      ratioRow(
        `clients held by two processes vs one (dungeon load) [${twoHeld.limitedBy} / ${dungeonHeld.limitedBy}]`,
        twoHeld.held,
        dungeonHeld.held,
        1.8,
        "≥",
      ),
    );
    const target = await roomOnProcess(b, a, pool[0]!);
    const join = await crossJoinLatency(a.url, target, pool[1]!, QUICK ? 5 : 40);
    raw.crossJoin = join;
    rows.push({
      measure: `cross-process join latency (ask A, room on B), n=${join.n}`,
      ours: `p50 ${join.p50} ms, p95 ${join.p95} ms`,
      baseline: "",
      ratio: "",
      target: "p95 < 100 ms",
      ok: join.p95 < 100,
    });

    // 5. heap after room create/dispose cycles
    console.log("heap: room create/dispose cycles…");
    const cycles = QUICK ? 1_000 : 10_000;
    const heap = await heapSection(cycles);
    raw.heap = heap;
    rows.push({
      measure: `heap after ${cycles.toLocaleString("en")} room create/dispose cycles (hub + dungeon) vs before`,
      ours: `${mb(heap.heapAfter)} MB`,
      baseline: `${mb(heap.heapBefore)} MB`,
      ratio: `${round(heap.growth * 100, 2)}% growth`,
      target: "< 5%",
      ok: heap.growth < 0.05,
    });

    // 6. leaderboard (the progression engineer's bench) and purchase (the economy engineer's), by their own scripts
    console.log("leaderboard and purchase: their own benches (npm run bench:leaderboard, bench:purchase)…");
    if (!QUICK) await runScript("bench:leaderboard", ["--backends", "postgres,redis"], 240_000);
    if (!QUICK) await runScript("bench:purchase", [], 120_000);
    rows.push(...leaderboardRows());
    rows.push(...purchaseRows());
  } finally {
    for (const c of children) "stop" in c ? await c.stop("SIGTERM") : c.kill("SIGTERM");
    await stores.drop().catch(() => {});
  }

  const seconds = Math.round((Date.now() - started) / 1000);
  const machine = {
    cpu: os.cpus()[0]?.model ?? "unknown",
    cores: os.cpus().length,
    memoryGb: round(os.totalmem() / 2 ** 30, 1),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    loadAverage1m: round(os.loadavg()[0]!, 2),
  };
  const report = {
    command: QUICK ? `${COMMAND} -- --quick` : COMMAND,
    measuredAt: new Date().toISOString(),
    seconds,
    machine,
    rows,
    raw,
  };
  mkdirSync(resultsDir, { recursive: true });
  const name = QUICK ? "bench-quick" : "bench";
  writeFileSync(path.join(resultsDir, `${name}.json`), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(path.join(resultsDir, `${name}.md`), markdown(report));
  console.log("");
  console.table(
    rows.map((r) => ({
      measure: r.measure,
      ours: r.ours,
      baseline: r.baseline,
      ratio: r.ratio,
      target: r.target,
      met: r.ok === null ? "" : r.ok ? "yes" : "NO",
    })),
  );
  console.log(
    `${COMMAND}: ${seconds} s on ${machine.cores} × ${machine.cpu}, Node ${machine.node}; written to loadtest/results/${name}.{json,md}`,
  );
}

function ratioRow(measure: string, ours: number, base: number, target: number | null, dir: "≥" | "≤"): Row {
  const ratio = ours / base;
  const ok = target === null || !Number.isFinite(ratio) ? null : dir === "≥" ? ratio >= target : ratio <= target;
  return {
    measure,
    ours: fmt(ours),
    baseline: fmt(base),
    ratio: Number.isFinite(ratio) ? `${round(ratio, 2)}×` : "n/a",
    target: target === null ? "" : `${dir} ${target}×`,
    ok,
  };
}

const fmt = (n: number) => (Number.isFinite(n) ? String(round(n)) : "n/a");
const mb = (bytes: number) => round(bytes / 2 ** 20, 1);

/** A hub room living on `on`, created by asking `on` (the matchmaker places it on the least loaded process). */
async function roomOnProcess(on: ServerProcess, other: ServerProcess, user: BotUser): Promise<{ roomId: string }> {
  // Rooms of the previous section may still be closing on `on`, so allow time for the counts to even out.
  for (let i = 0; i < 90; i++) {
    const res = await fetch(`${on.url}/matchmake/create/hub`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${user.token}` },
      body: "{}",
    });
    const body = (await res.json()) as { roomId: string; publicAddress?: string };
    if (body.publicAddress?.endsWith(`:${on.port}`)) return body;
    // Placement reads each process's room count, which Colyseus republishes at most once a second.
    await new Promise((r) => setTimeout(r, 1_100));
  }
  throw new Error(`no hub room landed on ${on.name} (other: ${other.name})`);
}

async function startBaseline(): Promise<{ child: ChildProcess; wsUrl: string; httpUrl: string }> {
  const port = await freePort();
  const httpPort = await freePort();
  const child = spawn(
    process.execPath,
    ["--import", "tsx", path.join(here, "baselineServer.ts"), "--port", String(port), "--http-port", String(httpPort)],
    { cwd: root, stdio: ["ignore", "inherit", "inherit"] },
  );
  const httpUrl = `http://127.0.0.1:${httpPort}`;
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`${httpUrl}/healthz`)).ok) return { child, wsUrl: `http://127.0.0.1:${port}`, httpUrl };
    } catch {
      // starting
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error("the baseline server did not start");
}

function runScript(script: string, args: string[], timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn("npm", ["run", script, "-w", "loadtest", "--", ...args], {
      cwd: root,
      stdio: ["ignore", "inherit", "inherit"],
    });
    const timer = setTimeout(() => child.kill("SIGTERM"), timeoutMs);
    child.on("exit", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

function readResult(file: string): any {
  const full = path.join(resultsDir, file);
  return existsSync(full) ? JSON.parse(readFileSync(full, "utf8")) : undefined;
}

function leaderboardRows(): Row[] {
  const lb = readResult("leaderboard.json");
  if (!lb)
    return [
      {
        measure: "leaderboard top-100 / rank p99 (100,000 players)",
        ours: "not measured",
        baseline: "",
        ratio: "",
        target: "",
        ok: null,
      },
    ];
  const find = (backend: string, query: RegExp) =>
    lb.results.filter((r: any) => r.backend === backend && query.test(r.query));
  const rows: Row[] = [];
  for (const kind of [/top/i, /rank/i]) {
    const redis = find("Redis", kind);
    const sql = find("SQL (PostgreSQL)", kind);
    for (const r of redis) {
      const s = sql.find((x: any) => x.query === r.query);
      rows.push({
        measure: `leaderboard ${r.query}, ${lb.players} players (p99, ms; ${lb.date.slice(0, 16)})`,
        ours: `Redis ${r.p99}`,
        baseline: s ? `SQL ${s.p99}` : "",
        ratio: s ? `${round(r.p99 / s.p99, 2)}×` : "",
        target: "",
        ok: null,
      });
    }
  }
  return rows;
}

function purchaseRows(): Row[] {
  const p = readResult("purchase.json");
  if (!p) return [];
  return Object.entries(p.stacks ?? {}).map(([stack, f]: [string, any]) => ({
    measure: `POST /api/game/shop/purchase req/s, ${p.connections} clients, ${stack} (npm run bench:purchase, ${String(p.measuredAt).slice(0, 16)})`,
    ours: String(round(f.requestsPerSecond ?? f.rps ?? Number.NaN)),
    baseline: "",
    ratio: "",
    target: "",
    ok: null,
  }));
}

function markdown(report: {
  command: string;
  measuredAt: string;
  seconds: number;
  machine: Record<string, unknown>;
  rows: Row[];
}): string {
  const m = report.machine;
  const lines = [
    "# npm run bench — latest results",
    "",
    `Measured ${report.measuredAt} by \`${report.command}\` in ${report.seconds} s on ${m.cores} × ${m.cpu}, ${m.memoryGb} GB, Node ${m.node}, ${m.platform} (load average at the end: ${m.loadAverage1m}). Load generator and servers share the machine.`,
    "",
    "| measure | ours | baseline | ratio | target | met |",
    "|---|---|---|---|---|---|",
    ...report.rows.map(
      (r) =>
        `| ${r.measure} | ${r.ours} | ${r.baseline} | ${r.ratio} | ${r.target} | ${r.ok === null ? "" : r.ok ? "yes" : "**no**"} |`,
    ),
    "",
  ];
  return lines.join("\n");
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
