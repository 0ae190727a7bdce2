import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { CLASH_MAX_PLAYERS, CLASH_MIN_PLAYERS } from "@levelup/shared/rules/clash";
import { Generators } from "./bench/generators.ts";
import type { Group } from "./bench/heldClients.ts";
import { cpuOf, cpuSeconds, ownCpuSeconds } from "./bench/measure.ts";
import { type ClashBotOptions, type ClashFiguresSnapshot, mergeClashFigures } from "./bots/clash.ts";
import { resultsDir } from "./lib/runBots.ts";
import { percentile, round } from "./lib/stats.ts";
import { type BotUser, httpBase, registerBot } from "./lib/target.ts";

/**
 * Code clash load: `--clashes` tables play clash after clash, `--players` bots in each (a table
 * has twice as many, who take turns, so none runs into the room's runs-per-minute limit). The first
 * of a table opens a private lobby (POST /api/game/clashes/invite) and the others join it by room
 * id (or all of them queue, `--seating queue`); they take their seats with @colyseus/sdk, the
 * owner sends clash_start, and once clash_problem arrives each "types" (clash_progress), a share
 * of them (`--wrong`) submits the starter code first, then everyone submits the problem's
 * reference solution (shared/src/content/clashProblems.ts) and waits for clash_result; then the
 * table opens the next clash. The bots run in `--generators` child processes (the bench's,
 * loadtest/src/bench/groupWorker.ts), so the generator is not what limits. Figures: clashes
 * completed, clashes held at once (between clash_problem and clash_result), grader latency
 * (clash_submit → clash_graded) and, with --server-pid, the server's CPU seconds per clash from
 * its process; printed and written to loadtest/results/clash.json (or --figures).
 *   npm run loadtest:clash -w loadtest -- --clashes 20 --players 4 --duration 30 --server-pid 1234
 */
const { values } = parseArgs({
  options: {
    endpoint: { type: "string", default: "ws://localhost:2567" },
    clashes: { type: "string", default: "10" },
    players: { type: "string", default: "4" },
    duration: { type: "string", default: "30" },
    generators: { type: "string", default: "2" },
    seating: { type: "string", default: "invite" },
    /** Seconds a bot "types" before its first submission (±30 %). */
    typing: { type: "string", default: "6" },
    /** Share of the players who submit the starter code (a wrong answer) first. */
    wrong: { type: "string", default: "0.3" },
    "server-pid": { type: "string" },
    figures: { type: "string" },
  },
});
const MAX_CLASHES = 500;
const clashes = Number(values.clashes);
const players = Number(values.players);
const seconds = Number(values.duration);
const generatorCount = Number(values.generators);
const typingSeconds = Number(values.typing);
const wrongShare = Number(values.wrong);
if (!(Number.isInteger(clashes) && clashes > 0 && clashes <= MAX_CLASHES))
  throw new Error(`--clashes 1–${MAX_CLASHES}`);
if (!(Number.isInteger(players) && players >= CLASH_MIN_PLAYERS && players <= CLASH_MAX_PLAYERS)) {
  throw new Error(`--players ${CLASH_MIN_PLAYERS}–${CLASH_MAX_PLAYERS}`);
}
if (!(seconds > 0 && seconds <= 300)) throw new Error("--duration 1–300 seconds");
if (!(Number.isInteger(generatorCount) && generatorCount > 0 && generatorCount <= 16)) {
  throw new Error("--generators 1–16");
}
if (values.seating !== "invite" && values.seating !== "queue") throw new Error("--seating invite or queue");
if (!(typingSeconds >= 0 && typingSeconds <= 120)) throw new Error("--typing 0–120 seconds");
if (!(wrongShare >= 0 && wrongShare <= 1)) throw new Error("--wrong 0–1");
const endpoint = String(values.endpoint);
const base = httpBase(endpoint);
const serverPid = values["server-pid"] ? Number(values["server-pid"]) : undefined;
const options: ClashBotOptions = { seating: values.seating, players, wrongShare, typingMs: typingSeconds * 1000 };
/** Bots per table, over seats: they take turns (ClashBotOptions.players), each well inside the runs-per-minute limit. */
const ROTATION = 2;
const perTable = players * ROTATION;

console.log(`registering ${clashes * perTable} bots…`);
const users: BotUser[] = [];
for (let i = 0; i < clashes * perTable; i += 8) {
  const batch = Math.min(8, clashes * perTable - i);
  users.push(...(await Promise.all(Array.from({ length: batch }, () => registerBot(base, "clash")))));
}

const generators = new Generators(generatorCount);
const tables: Group[] = [];
let failedTables = 0;
console.log(`seating ${clashes} clash tables of ${players} in ${generatorCount} generator processes…`);
for (let i = 0; i < clashes; i += 10) {
  const batch = await Promise.allSettled(
    Array.from({ length: Math.min(10, clashes - i) }, (_, j) =>
      generators.add({ kind: "clash", base, users: users.slice((i + j) * perTable, (i + j + 1) * perTable), options }),
    ),
  );
  for (const b of batch) {
    if (b.status === "fulfilled") tables.push(b.value);
    else {
      failedTables++;
      if (failedTables <= 3) console.error(`  a table could not be seated: ${(b.reason as Error).message}`);
    }
  }
}

// The window starts once every table is seated: what came before is the ramp.
await generators.clashFigures();
const parts: ClashFiguresSnapshot[] = [];
const heldSamples: number[] = [];
const server0 = serverPid ? cpuSeconds(serverPid) : 0;
const generators0 = ownCpuSeconds() + cpuOf(generators.pids);
const t0 = performance.now();
const until = Date.now() + seconds * 1000;
let lastLog = Date.now();
while (Date.now() < until) {
  await new Promise((r) => setTimeout(r, Math.min(1_000, until - Date.now())));
  const part = await generators.clashFigures();
  parts.push(part);
  heldSamples.push(part.playing);
  if (Date.now() - lastLog >= 5_000) {
    lastLog = Date.now();
    const sofar = mergeClashFigures(parts);
    console.log(
      `  ${sofar.completed} clashes completed, ${part.playing} held now, grader p95 ${round(percentile(sofar.gradedMs, 95))} ms`,
    );
  }
}
const elapsed = (performance.now() - t0) / 1000;
const serverCpu = serverPid ? cpuSeconds(serverPid) - server0 : undefined;
const generatorCpu = ownCpuSeconds() + cpuOf(generators.pids) - generators0;
const all = mergeClashFigures(parts);
await Promise.allSettled(tables.map((t) => t.stop()));
generators.close();

const graded = all.gradedMs;
const figures = {
  script: "clash",
  endpoint,
  measuredAt: new Date().toISOString(),
  seconds: round(elapsed),
  generators: generatorCount,
  seating: options.seating,
  playersPerClash: players,
  typingSeconds,
  wrongShare,
  tables: { wanted: clashes, seated: tables.length, failed: failedTables },
  clashesCompleted: all.completed,
  clashesPerMinute: round((all.completed / elapsed) * 60),
  clashesAbandoned: all.abandoned,
  /** Queued bots that left a lobby nobody else joined, to queue again (`--seating queue`). */
  requeued: all.requeued,
  /** Queued bots refused because their lobby started before they took the seat, who queued again. */
  lateJoins: all.lateJoins,
  clashesHeldAtOnce: {
    peak: Math.max(0, ...heldSamples),
    mean: round(heldSamples.reduce((s, n) => s + n, 0) / Math.max(1, heldSamples.length)),
  },
  graderLatencyMs: {
    n: graded.length,
    p50: round(percentile(graded, 50)),
    p95: round(percentile(graded, 95)),
    p99: round(percentile(graded, 99)),
    max: round(graded.length ? Math.max(...graded) : Number.NaN),
  },
  server:
    serverCpu === undefined
      ? "pass --server-pid to measure"
      : {
          cpuSeconds: round(serverCpu, 2),
          cpuSecondsPerClash: all.completed > 0 ? round(serverCpu / all.completed, 3) : null,
          cpuPercentOfACore: round((serverCpu / elapsed) * 100),
        },
  generatorCpuSeconds: round(generatorCpu, 2),
  errors: all.errors,
  unhandledMessages: all.otherMessages,
};
mkdirSync(resultsDir, { recursive: true });
const file = path.resolve(String(values.figures ?? path.join(resultsDir, "clash.json")));
writeFileSync(file, `${JSON.stringify(figures, null, 2)}\n`);
console.log(JSON.stringify(figures, null, 2));
process.exit(0);
