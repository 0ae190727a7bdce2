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
import { clashesHeld } from "./clashes.ts";
import { benchStores } from "./env.ts";
import { Generators } from "./generators.ts";
import { HOT_READS } from "./hotReads.ts";
import { fmtRepeated, type Repeated, SPLIT_PARTS, sleep } from "./measure.ts";
import { baselineLagP99, gameServerLagP99 } from "./lag.ts";
import {
  clientsOn,
  cpuAtFixedLoad,
  crossJoinLatency,
  type FixedLoadFigures,
  dungeonGroup,
  heapSection,
  held,
  ingestSection,
  battlesEnded,
  statementsSent,
  raiseLevel,
  registerMany,
  restRepeated,
  seedReads,
  watchPatches,
} from "./sections.ts";

/**
 * `npm run bench`: every figure of issue 10, measured side by side in one run on this machine,
 * printed as a table and written to loadtest/results/bench.{json,md}. Servers run as child
 * processes (the game server on a throw-away PostgreSQL database and an empty Redis logical
 * database the bench claims, see env.ts; the baselines in a process of their own); the bots of the
 * room sections run in BENCH_GENERATORS generator processes (generators.ts), whose CPU is reported
 * next to the servers'; REST load (autocannon) and the patch watchers run in this process. CPU figures are read from the server processes themselves (/proc), each after
 * a warm-up and over 3 repeats (median and spread), so a busy machine shifts them less than
 * throughput. Bounded: each ramp has a client cap and a time budget (a ramp stopped by either is a
 * floor and gets no verdict); the whole run takes a few minutes on 2 cores. Configurable:
 * TEST_DATABASE_URL, BENCH_DATABASE_NAME, REDIS_URL, BENCH_REDIS_DB, BENCH_PORT_A, BENCH_PORT_B,
 * BENCH_BASELINE_PORT, BENCH_BASELINE_HTTP_PORT, BENCH_DUNGEON_PARTIES, BENCH_CLASHES, BENCH_GENERATORS, BENCH_CPU_PROF_DIR.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../../..");
const COMMAND = "npm run bench";
if (process.argv.includes("--help")) {
  console.log(`${COMMAND} [-- --quick] [-- --only rest,ingest,cpu,ramps,scale,heap,clashes,boards]
  --quick   every section with tiny bounds: checks that the bench runs (loadtest/results/bench-quick.*), not figures to quote
  --only    a subset of the sections (scale needs cpu), written to bench-<sections>.*
Environment: TEST_DATABASE_URL, BENCH_DATABASE_NAME, REDIS_URL, BENCH_REDIS_DB, BENCH_PORT_A, BENCH_PORT_B,
  BENCH_BASELINE_PORT, BENCH_BASELINE_HTTP_PORT, BENCH_DUNGEON_PARTIES (default 100), BENCH_CLASHES (default 20),
  BENCH_GENERATORS (default 2), BENCH_CPU_PROF_DIR (game servers write CPU profiles there).
Needs PostgreSQL and Redis; see README "Performance notes".`);
  process.exit(0);
}
/** --quick: the same sections with small bounds (a check that the bench runs, not figures to quote). */
const QUICK = process.argv.includes("--quick");
/** --only rest,ingest,cpu,ramps,scale,heap,clashes,boards: a subset of the sections (scale needs cpu). */
const SECTIONS = ["rest", "ingest", "cpu", "ramps", "scale", "heap", "clashes", "boards"] as const;
const onlyArg = process.argv[process.argv.indexOf("--only") + 1];
const ONLY = process.argv.includes("--only") && onlyArg ? new Set(onlyArg.split(",")) : new Set<string>(SECTIONS);
for (const name of ONLY) {
  if (!(SECTIONS as readonly string[]).includes(name)) throw new Error(`--only: unknown section ${name}`);
}
if (ONLY.has("scale")) ONLY.add("cpu");
const want = (section: (typeof SECTIONS)[number]) => ONLY.has(section);
/** Fixed-load CPU windows: parties (6 clients each), warm-up, window length and repeats. */
const FIXED = QUICK
  ? { groups: 2, warmupMs: 1_000, windowMs: 1_000, repeats: 3 }
  : { groups: Number(process.env.BENCH_DUNGEON_PARTIES ?? 100), warmupMs: 8_000, windowMs: 10_000, repeats: 3 };
/**
 * The dungeons the room sections play. Steady play is a Tide Temple party of four level-8 players
 * (about 40 turns a battle when every player attacks, a battle of ~40 s at one turn a second): the
 * room's cost per turn, what the minimal room is compared with. Short battles are the Slime Cave at
 * level 1 (over in one round, ~4 s): mostly battle starts and settlements, reported beside it.
 */
const STEADY = { dungeonId: "tide_temple", level: 8 };
/** Steady parties start over one battle's length, so that their battles end spread out too. */
const STEADY_SPREAD_MS = QUICK ? 0 : 40_000;
const SHORT = { dungeonId: "slime_cave", level: 1 };
/** Patch sizes are read over at least this many state changes (fewer is flagged). */
const PATCH_SAMPLES = QUICK ? 3 : 200;
/** Watched parties (one spectator each) and how long they may take to see PATCH_SAMPLES patches. */
const PATCH = QUICK ? { groups: 1, budgetMs: 8_000 } : { groups: 10, budgetMs: 90_000 };
/** Where game servers write CPU profiles (read them with loadtest/src/tools/profileSummary.ts); unset: none. */
const PROFILE_DIR = process.env.BENCH_CPU_PROF_DIR;
/** Load generator processes (BENCH_GENERATORS): the bots of the CPU, ramp and scale sections. */
const GENERATORS = Number(process.env.BENCH_GENERATORS ?? 2);
const RAMP = QUICK
  ? { maxClients: 12, budgetMs: 3_000, groupsPerStep: 2, stepMs: 1_000 }
  : { maxClients: 1200, budgetMs: 60_000, groupsPerStep: 15, stepMs: 3_000 };
/**
 * Clashes held at once (BENCH_CLASHES tables, each playing clash after clash): seats per clash,
 * bots per table (they take turns, inside the runs-per-minute limit), typing time before the
 * first submission, share of wrong first submissions, warm-up, windows and repeats. Quick: a
 * countdown of 200 ms instead of the game's 5 s (CLASH_COUNTDOWN_MS), so rounds fit its windows.
 */
const CLASH = QUICK
  ? {
      tables: 3,
      players: 2,
      botsPerTable: 4,
      typingMs: 300,
      wrongShare: 0.3,
      warmupMs: 1_500,
      windowMs: 1_500,
      repeats: 3,
    }
  : {
      tables: Number(process.env.BENCH_CLASHES ?? 20),
      players: 4,
      botsPerTable: 8,
      typingMs: 6_000,
      wrongShare: 0.3,
      warmupMs: 15_000,
      windowMs: 20_000,
      repeats: 3,
    };

/** Issue 20: each hot read at ≥ 0.5× a bare Express hello-world (on PostgreSQL). */
const REST_TARGET = 0.5;

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
  const generators = new Generators(GENERATORS);
  const rows: Row[] = [];
  const raw: Record<string, unknown> = {};
  // Interrupted: stop the servers this run started and drop its database, then go.
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      for (const c of children) "stop" in c ? void c.stop("SIGKILL") : c.kill("SIGKILL");
      generators.close();
      stores.drop().finally(() => process.exit(130));
    });
  }
  try {
    const jwt = randomBytes(32).toString("hex");
    const metricsToken = randomBytes(24).toString("hex");
    const game = async (name: string) => {
      const port = Number(process.env[`BENCH_PORT_${name.toUpperCase()}`] ?? 0) || (await freePort());
      const proc = await spawnServerProcess({
        name,
        port,
        // A fresh database is migrated first; on a busy machine that takes a while.
        startTimeoutMs: 180_000,
        // BENCH_CPU_PROF_DIR: each game server writes a CPU profile there when it stops.
        nodeArgs: PROFILE_DIR ? ["--cpu-prof", "--cpu-prof-dir", PROFILE_DIR] : [],
        env: {
          ...process.env,
          NODE_ENV: "production",
          HOST: "127.0.0.1",
          LOG_LEVEL: "warn",
          JWT_SECRET: jwt,
          METRICS_TOKEN: metricsToken,
          // Registering thousands of bots is not what is measured; login is not in this table.
          BCRYPT_ROUNDS: "4",
          // Every test player registers from this host.
          REGISTRATIONS_PER_IP_PER_HOUR: "1000000",
          DATABASE_URL: stores.databaseUrl,
          REDIS_URL: stores.redisUrl,
          PUBLIC_ADDRESS: `127.0.0.1:${port}`,
          ...(QUICK ? { CLASH_COUNTDOWN_MS: "200" } : {}),
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

    // Users: a pool registered once, handed out in sixes to dungeon parties, raised to the
    // dungeon's level before they join anything.
    const pool: BotUser[] = await registerMany(a.url, QUICK ? 20 : 100, "bench");
    const spare = new Map<number, BotUser[]>();
    // One at a time: parties started in a spread (cpuAtFixedLoad) ask together.
    let handing: Promise<unknown> = Promise.resolve();
    const six = (base: string, level = STEADY.level): Promise<BotUser[]> => {
      const next = handing.then(async () => {
        let left = spare.get(level) ?? [];
        if (left.length < 6) {
          left = await registerMany(base, 60, "bench");
          if (level > 1) await raiseLevel(stores.databaseUrl, left, level);
          spare.set(level, left);
        }
        return left.splice(0, 6);
      });
      handing = next.catch(() => {});
      return next;
    };

    // 1. REST: the hot reads (profile, top 100, my rank, shop, my inventory, my quests), warm-up,
    // then alternating repeats; CPU per request from each server process.
    if (want("rest")) {
      console.log("REST: hot reads vs hello-world…");
      const players = pool.slice(0, 20);
      await seedReads(stores.databaseUrl, a.url, players, QUICK ? 500 : 20_000);
      const rest = await restRepeated({
        gameUrl: a.url,
        gamePid: a.child.pid!,
        helloUrl: baseline.httpUrl,
        helloPid: baseline.child.pid!,
        users: players,
        reads: HOT_READS,
        seconds: QUICK ? 1 : 5,
        // Quick: one measured run after the warm-up still gives every read its figures and
        // status counts; the spread over repeats is for a full run (quick figures are not quoted).
        repeats: QUICK ? 1 : 3,
      });
      raw.rest = rest;
      for (const read of rest.reads) {
        rows.push(
          repeatedRow(
            `REST ${read.label} req/s vs bare Express hello-world (ratio per alternating run; ${read.non2xx} non-2xx)`,
            read.rps,
            rest.hello.rps,
            read.ratio,
            REST_TARGET,
            "≥",
          ),
          repeatedRow(
            `REST CPU ms per request: ${read.label} / hello-world (server processes; ratio hello over ours)`,
            read.cpuMsPerRequest,
            rest.hello.cpuMsPerRequest,
            read.cpuRatio,
            REST_TARGET,
            "≥",
          ),
          {
            measure: `REST ${read.label} latency p99 (ms, 20 connections)`,
            ours: fmtRepeated(read.p99Ms, 1),
            baseline: "",
            ratio: "",
            target: "",
            ok: null,
          },
        );
      }
    }

    // 2. coding_update ingest
    if (want("ingest")) {
      console.log("ingest: coding_update vs echo room…");
      // 18 messages a second per session, under the coding room's limit of 20: the offered rate
      // comes from the number of sessions, as it would from players.
      const sessions = QUICK ? 10 : 400;
      const users = [...pool, ...(await registerMany(a.url, Math.max(0, sessions - pool.length), "ingest"))];
      const ingest = await ingestSection({
        gameUrl: a.url,
        gamePid: a.child.pid!,
        baselineWs: baseline.wsUrl,
        baselinePid: baseline.child.pid!,
        users: users.slice(0, sessions),
        intervalMs: 55,
        seconds: QUICK ? 1 : 5,
      });
      raw.ingest = ingest;
      rows.push(
        ratioRow(
          `coding_update msgs/s ingested (${sessions} sessions at 18/s, ~${Math.round(ingest.offered)} offered/s) vs echo room`,
          ingest.coding,
          ingest.echo,
          0.7,
          "≥",
        ),
        {
          measure: "server CPU ms per coding_update ingested vs per echoed message",
          ours: String(ingest.codingCpuMsPerMessage),
          baseline: String(ingest.echoCpuMsPerMessage),
          ratio: `${round(ingest.codingCpuMsPerMessage / ingest.echoCpuMsPerMessage, 2)}×`,
          target: "",
          ok: null,
        },
      );
    }

    // 3. CPU per client at a fixed load: dungeon parties vs the minimal room, same clients and
    // action rate, bots in the generator processes; then patch sizes watched on spectators here.
    const dungeonParty = async (bases: string[], registerOn: string, battle = STEADY) =>
      generators.add({
        kind: "dungeon",
        bases,
        users: await six(registerOn, battle.level),
        dungeonId: battle.dungeonId,
      });
    const minimalParty = () => generators.add({ kind: "minimal", wsUrl: baseline.wsUrl });
    let dungeonCpu: Awaited<ReturnType<typeof cpuAtFixedLoad>> | undefined;
    if (want("cpu")) {
      console.log(`CPU per client: ${FIXED.groups} dungeon parties vs as many minimal rooms…`);
      dungeonCpu = await cpuAtFixedLoad({
        addGroup: () => dungeonParty([a.url], a.url),
        pids: [a.child.pid!],
        generatorPids: generators.pids,
        ...FIXED,
        spreadMs: STEADY_SPREAD_MS,
        events: () => battlesEnded(a.url, metricsToken),
      });
      const minimalCpu = await cpuAtFixedLoad({
        addGroup: minimalParty,
        pids: [baseline.child.pid!],
        generatorPids: generators.pids,
        ...FIXED,
      });
      console.log(`CPU per client: ${FIXED.groups} parties of short battles…`);
      const shortCpu = await cpuAtFixedLoad({
        addGroup: () => dungeonParty([a.url], a.url, SHORT),
        pids: [a.child.pid!],
        generatorPids: generators.pids,
        ...FIXED,
        events: () => battlesEnded(a.url, metricsToken),
        statements: () => statementsSent(a.url, metricsToken),
      });
      raw.cpuPerClient = { dungeon: dungeonCpu, minimal: minimalCpu, shortBattles: shortCpu };
      rows.push(
        repeatedRow(
          `server CPU ms per client-second at ${dungeonCpu.clients} clients: dungeon parties (4 players + 2 spectators, 1 turn/s, Tide Temple: ~40 turns a battle, a new battle when one ends) vs minimal room`,
          dungeonCpu.serverCpuMsPerClientSecond,
          minimalCpu.serverCpuMsPerClientSecond,
          undefined,
          2,
          "≤",
        ),
        // No target: a battle's start (seat requests, joins, the battle row) and its settlement
        // (every player's rewards in one transaction) are what these parties mostly do.
        repeatedRow(
          `server CPU ms per client-second at ${shortCpu.clients} clients: short battles (Slime Cave at level 1, over in one round: a new battle every ~5 s) vs minimal room`,
          shortCpu.serverCpuMsPerClientSecond,
          minimalCpu.serverCpuMsPerClientSecond,
          undefined,
          null,
          "≤",
        ),
        {
          measure: `server CPU ms per battle, short battles (4 seat requests, 6 joins, ~4 turns, the settlement paying four players, 6 leaves); battles ended per second in the baseline column`,
          ours: shortCpu.serverCpuMsPerEvent ? fmtRepeated(shortCpu.serverCpuMsPerEvent, 1) : "n/a",
          baseline: shortCpu.eventsPerSecond ? fmtRepeated(shortCpu.eventsPerSecond, 1) : "n/a",
          ratio: "",
          target: "",
          ok: null,
        },
        {
          measure: "database statements per battle, short battles (the raw figures name them)",
          ours: shortCpu.statementsPerEvent ? fmtRepeated(shortCpu.statementsPerEvent, 1) : "n/a",
          baseline: "",
          ratio: "",
          target: "",
          ok: null,
        },
        {
          measure:
            "the same server CPU by thread, ms per client-second: main thread user / main thread system (its socket calls in the kernel) / other threads (V8's garbage collection and compiler helpers), dungeon vs minimal room",
          ours: splitCell(dungeonCpu.serverCpuSplitMsPerClientSecond),
          baseline: splitCell(minimalCpu.serverCpuSplitMsPerClientSecond),
          ratio: "",
          target: "",
          ok: null,
        },
        {
          measure: `battles ended per second in the steady run (${dungeonCpu.clients} clients)`,
          ours: dungeonCpu.eventsPerSecond ? fmtRepeated(dungeonCpu.eventsPerSecond, 2) : "n/a",
          baseline: "",
          ratio: "",
          target: "",
          ok: null,
        },
        repeatedRow(
          `load generator CPU ms per client-second (${generators.pids.length} generator processes + this one) vs the game server's, dungeon load`,
          dungeonCpu.generatorCpuMsPerClientSecond,
          dungeonCpu.serverCpuMsPerClientSecond,
          undefined,
          1,
          "≤",
        ),
      );

      // Patch sizes: spectators of parties in this process, watched until enough state changes.
      const patches = { patch: [] as number[], diffJson: [] as number[], stateJson: [] as number[] };
      const watched = await Promise.all(
        Array.from({ length: PATCH.groups }, async () =>
          dungeonGroup(
            [a.url],
            () => six(a.url),
            STEADY.dungeonId,
            (sp) => watchPatches(sp, patches),
          ),
        ),
      );
      const until = Date.now() + PATCH.budgetMs;
      while (patches.patch.length < PATCH_SAMPLES && Date.now() < until) await sleep(500);
      await Promise.all(watched.map((g) => g.stop()));

      const median = (v: number[]) => [...v].sort((x, y) => x - y)[Math.floor(v.length / 2)] ?? Number.NaN;
      raw.patches = {
        samples: patches.patch.length,
        enough: patches.patch.length >= PATCH_SAMPLES,
        patchMedian: median(patches.patch),
        diffJsonMedian: median(patches.diffJson),
        stateJsonMedian: median(patches.stateJson),
      };
      rows.push(
        ratioRow(
          `dungeon state patch bytes (median of ${patches.patch.length} patches${patches.patch.length < PATCH_SAMPLES ? `, FEWER than ${PATCH_SAMPLES}` : ""}) vs JSON of the same state`,
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
    }

    // 4. dungeon rooms held vs a minimal room (ramps to the lag limit)
    let dungeonHeld: Awaited<ReturnType<typeof held>> | undefined;
    if (want("ramps")) {
      console.log("rooms held: dungeon parties vs minimal room…");
      dungeonHeld = await held(
        () => dungeonParty([a.url], a.url),
        () => gameServerLagP99(a.url, metricsToken),
        RAMP,
      );
      const minimalHeld = await held(minimalParty, () => baselineLagP99(baseline.httpUrl), RAMP);
      raw.roomsHeld = { dungeon: dungeonHeld, minimal: minimalHeld };
      rows.push(
        ratioRow(
          `clients held, lag p99 < 50 ms: dungeon rooms (4 players + 2 spectators, 1 turn/s) vs minimal room [${dungeonHeld.limitedBy} / ${minimalHeld.limitedBy}]`,
          dungeonHeld.held,
          minimalHeld.held,
          0.8,
          "≥",
          // A ramp stopped by its cap or time budget is a floor, not the figure: no verdict on floors.
          dungeonHeld.limitedBy === "lag" && minimalHeld.limitedBy === "lag",
        ),
      );
    }

    // 5. two processes vs one: CPU per client at the same load, and where the rooms went
    if (want("scale") && dungeonCpu) {
      console.log("two processes vs one…");
      const b = await game("b");
      const twoCpu = await cpuAtFixedLoad({
        addGroup: () => dungeonParty([a.url, b.url], b.url),
        pids: [a.child.pid!, b.child.pid!],
        generatorPids: generators.pids,
        ...FIXED,
        spreadMs: STEADY_SPREAD_MS,
        balance: async () => ({
          a: await clientsOn(a.url, "dungeon", metricsToken),
          b: await clientsOn(b.url, "dungeon", metricsToken),
        }),
      });
      const splits = (twoCpu.balance as Array<{ a: number; b: number }>).map(
        ({ a: x, b: y }) => Math.abs(x - y) / Math.max(1, x, y),
      );
      const worstSplit = Math.max(...splits);
      raw.scaleOut = { two: twoCpu, one: dungeonCpu, splits };
      rows.push(
        repeatedRow(
          `server CPU ms per client-second, two processes (together) vs one, ${twoCpu.clients} dungeon clients`,
          twoCpu.serverCpuMsPerClientSecond,
          dungeonCpu.serverCpuMsPerClientSecond,
          undefined,
          1.1,
          "≤",
        ),
        {
          measure: "dungeon clients per process with two processes (rooms placed by load), worst window",
          ours: (twoCpu.balance as Array<{ a: number; b: number }>).map((x) => `${x.a}/${x.b}`).join(", "),
          baseline: "",
          ratio: `${round(worstSplit * 100, 1)}% apart`,
          target: "≤ 10% apart",
          ok: Number.isFinite(worstSplit) && worstSplit <= 0.1,
        },
      );
      // Before the two-process ramp, which leaves both processes loaded and their rooms closing.
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
      if (dungeonHeld) {
        const twoHeld = await held(
          () => dungeonParty([a.url, b.url], b.url),
          async () =>
            Math.max(await gameServerLagP99(a.url, metricsToken), await gameServerLagP99(b.url, metricsToken)),
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
            twoHeld.limitedBy === "lag" && dungeonHeld.limitedBy === "lag",
          ),
        );
      }
    }

    // 6. heap after room create/dispose cycles
    if (want("heap")) {
      console.log("heap: room create/dispose cycles…");
      // Each hub cycle seats and unseats two real clients (~20 ms), so fewer cycles than bare rooms took.
      // Quick: a short warm-up too (the full one is 1,500 cycles): its growth is not a figure to quote.
      const cycles = QUICK ? 200 : 5_000;
      const heap = await heapSection(cycles, QUICK ? 100 : undefined);
      raw.heap = heap;
      rows.push({
        measure: `heap after ${cycles.toLocaleString("en")} room create/dispose cycles (hub with 2 clients joining and leaving + dungeon) vs before`,
        ours: `${mb(heap.heapAfter)} MB`,
        baseline: `${mb(heap.heapBefore)} MB`,
        ratio: `${round(heap.growth * 100, 2)}% growth`,
        target: "< 5%",
        ok: heap.growth < 0.05,
      });
    }

    // 7. clashes held at once on one process: grader latency and server CPU per clash
    if (want("clashes")) {
      console.log(`clashes: ${CLASH.tables} clashes held at once, ${CLASH.players} players each…`);
      const bots = await registerMany(a.url, CLASH.tables * CLASH.botsPerTable, "clash");
      const clashes = await clashesHeld({
        generators,
        base: a.url,
        tableUsers: Array.from({ length: CLASH.tables }, (_, i) =>
          bots.slice(i * CLASH.botsPerTable, (i + 1) * CLASH.botsPerTable),
        ),
        options: {
          seating: "invite",
          players: CLASH.players,
          typingMs: CLASH.typingMs,
          wrongShare: CLASH.wrongShare,
        },
        pid: a.child.pid!,
        warmupMs: CLASH.warmupMs,
        windowMs: CLASH.windowMs,
        repeats: CLASH.repeats,
      });
      raw.clashes = clashes;
      const completed = clashes.windows.reduce((n, w) => n + w.completed, 0);
      const abandoned = clashes.windows.reduce((n, w) => n + w.abandoned, 0);
      const held = `${clashes.tables} clashes held at once on one process${clashes.failedTables ? ` (${clashes.failedTables} FAILED to start)` : ""}, ${CLASH.players} players each, ${Math.round(CLASH.wrongShare * 100)}% submit a wrong answer first`;
      rows.push(
        {
          measure: `clash grader latency p95, ms (clash_submit → clash_graded), ${held}; ${completed} clashes completed, ${abandoned} abandoned`,
          ours: fmtRepeated(clashes.graderP95Ms, 1),
          baseline: "",
          ratio: "",
          target: "",
          ok: null,
        },
        {
          measure: `server CPU seconds per clash (lobby to result: seats, progress, grading, settlement), ${held}; load generator's in the baseline column`,
          ours: fmtRepeated(clashes.serverCpuSecondsPerClash, 3),
          baseline: fmtRepeated(clashes.generatorCpuSecondsPerClash, 3),
          ratio: "",
          target: "",
          ok: null,
        },
      );
    }

    // 8. leaderboard (the progression engineer's bench) and purchase (the economy engineer's), by their own scripts
    if (want("boards")) {
      console.log("leaderboard and purchase: their own benches (npm run bench:leaderboard, bench:purchase)…");
      // Quick: a small board, into a file of its own (a quick run never replaces the full figures).
      await runScript(
        "bench:leaderboard",
        QUICK
          ? [
              "--backends",
              "postgres,redis",
              "--players",
              "2000",
              "--tops",
              "30",
              "--ranks",
              "100",
              "--out",
              LEADERBOARD_QUICK,
            ]
          : ["--backends", "postgres,redis"],
        240_000,
      );
      if (!QUICK) await runScript("bench:purchase", [], 120_000);
      rows.push(...leaderboardRows(QUICK ? LEADERBOARD_QUICK : "leaderboard.json"));
      rows.push(...purchaseRows());
    }
  } finally {
    generators.close();
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
    command: `${COMMAND}${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(" ")}` : ""}`,
    measuredAt: new Date().toISOString(),
    seconds,
    machine,
    rows,
    raw,
  };
  mkdirSync(resultsDir, { recursive: true });
  // A partial run (--only) never overwrites the full table.
  const partial = ONLY.size < SECTIONS.length ? `-${[...ONLY].sort().join("-")}` : "";
  const name = `${QUICK ? "bench-quick" : "bench"}${partial}`;
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

function ratioRow(
  measure: string,
  ours: number,
  base: number,
  target: number | null,
  dir: "≥" | "≤",
  judged = true,
): Row {
  const ratio = ours / base;
  const ok =
    target === null || !judged || !Number.isFinite(ratio) ? null : dir === "≥" ? ratio >= target : ratio <= target;
  return {
    measure,
    ours: fmt(ours),
    baseline: fmt(base),
    ratio: Number.isFinite(ratio) ? `${round(ratio, 2)}×` : "n/a",
    target: target === null ? "" : `${dir} ${target}×`,
    ok,
  };
}

/**
 * A row of repeated figures: medians with their spread, and the ratio judged on the median of the
 * per-run ratios when runs were paired (`ratio`), else on the ratio of the medians.
 */
function repeatedRow(
  measure: string,
  ours: Repeated,
  base: Repeated,
  ratio: Repeated | undefined,
  target: number | null,
  dir: "≥" | "≤",
): Row {
  const r = ratio?.median ?? ours.median / base.median;
  const ok = target === null || !Number.isFinite(r) ? null : dir === "≥" ? r >= target : r <= target;
  return {
    measure,
    ours: fmtRepeated(ours, 3),
    baseline: fmtRepeated(base, 3),
    ratio: ratio ? `${fmtRepeated(ratio, 2)}×` : Number.isFinite(r) ? `${round(r, 2)}×` : "n/a",
    target: target === null ? "" : `${dir} ${target}×`,
    ok,
  };
}

/** "user / system / other threads" medians of a CPU split. */
const splitCell = (split: FixedLoadFigures["serverCpuSplitMsPerClientSecond"]) =>
  SPLIT_PARTS.map((part) => round(split[part].median, 3)).join(" / ");

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
  const port = Number(process.env.BENCH_BASELINE_PORT ?? 0) || (await freePort());
  const httpPort = Number(process.env.BENCH_BASELINE_HTTP_PORT ?? 0) || (await freePort());
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

/** A leaderboard read inside one event-loop lag budget's fifth: it must never be what a page waits on. */
const LEADERBOARD_P99_MS = 10;

const LEADERBOARD_QUICK = "leaderboard-quick.json";

/** The leaderboard bench's p99s, each judged against LEADERBOARD_P99_MS; a board not measured is not met. */
function leaderboardRows(file: string): Row[] {
  const lb = readResult(file);
  if (!lb)
    return [
      {
        measure: `leaderboard top-100 / rank p99 (no ${file})`,
        ours: "not measured",
        baseline: "",
        ratio: "",
        target: `Redis p99 < ${LEADERBOARD_P99_MS} ms`,
        ok: false,
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
        target: `Redis p99 < ${LEADERBOARD_P99_MS} ms`,
        ok: r.p99 < LEADERBOARD_P99_MS,
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
