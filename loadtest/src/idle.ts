import { fork } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { RedisPresence } from "@colyseus/redis-presence";
import { Notifier } from "../../server/src/realtime/Notifier.ts";
import { cpuSeconds } from "./bench/measure.ts";
import { resultsDir } from "./lib/runBots.ts";
import { percentile, round } from "./lib/stats.ts";
import { assertLocal, httpBase } from "./lib/target.ts";

/**
 * Idle hub connections and the pushes they get: `--connections` signed-in players hold their hub
 * seat, spread over `--generators` child processes (idleWorker.ts) so the generator is not what
 * limits; connections ramp up in steps, then for `--hold` seconds pushes go to random players at
 * random moments through the game's own push path (Notifier on the server's Redis, as a grant
 * sends them) and each arrival is timed by the receiving generator. With --server-pid the server's
 * CPU and memory per connection come from its process.
 *   npm run loadtest:idle -w loadtest -- --connections 20000 --generators 4 --redis redis://127.0.0.1:6379/1 --server-pid 1234
 */
const { values } = parseArgs({
  options: {
    endpoint: { type: "string", default: "ws://localhost:2567" },
    connections: { type: "string", default: "1000" },
    generators: { type: "string", default: "4" },
    hold: { type: "string", default: "30" },
    /** Pushes per second while holding. */
    rate: { type: "string", default: "20" },
    redis: { type: "string", default: process.env.REDIS_URL ?? "redis://127.0.0.1:6379" },
    "server-pid": { type: "string" },
    figures: { type: "string" },
  },
});
const MAX_CONNECTIONS = 50_000;
const total = Number(values.connections);
const generators = Number(values.generators);
const holdSeconds = Number(values.hold);
if (!(Number.isInteger(total) && total > 0 && total <= MAX_CONNECTIONS))
  throw new Error(`--connections 1–${MAX_CONNECTIONS}`);
if (!(Number.isInteger(generators) && generators > 0 && generators <= 16)) throw new Error("--generators 1–16");
if (!(holdSeconds > 0 && holdSeconds <= 300)) throw new Error("--hold 1–300 seconds");
const base = httpBase(String(values.endpoint));
assertLocal(String(values.redis));
const serverPid = values["server-pid"] ? Number(values["server-pid"]) : undefined;

interface FromWorker {
  kind: "joined" | "push" | "error" | "ready";
  userIds?: string[];
  latencyMs?: number;
  message?: string;
  cpuSeconds?: number;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const workers = Array.from({ length: generators }, (_, i) => {
  const share = Math.floor(total / generators) + (i < total % generators ? 1 : 0);
  return fork(path.join(here, "idleWorker.ts"), [base, String(share)], { execArgv: ["--import", "tsx"] });
});
const userIds: string[] = [];
const latencies: number[] = [];
let errors = 0;
const generatorCpu = new Map<number, number>();
let ready = 0;
const allReady = new Promise<void>((resolve) => {
  workers.forEach((w, i) => {
    w.on("message", (m: FromWorker) => {
      if (m.kind === "joined") userIds.push(...(m.userIds ?? []));
      else if (m.kind === "push" && m.latencyMs !== undefined) latencies.push(m.latencyMs);
      else if (m.kind === "error") {
        errors++;
        if (errors <= 5) console.error(`  generator ${i}: ${m.message}`);
      } else if (m.kind === "ready") {
        generatorCpu.set(i, m.cpuSeconds ?? 0);
        if (++ready === workers.length) resolve();
      }
    });
  });
});

const started = Date.now();
const progress = setInterval(() => console.log(`  ${userIds.length} / ${total} connected`), 5_000);
await allReady;
clearInterval(progress);
const connected = userIds.length;
console.log(`${connected} idle hub connections (${errors} failed); pushing for ${holdSeconds} s…`);

const notifier = new Notifier(new RedisPresence(String(values.redis)));
const cpu0 = serverPid ? cpuSeconds(serverPid) : 0;
const t0 = performance.now();
let sent = 0;
const holdUntil = Date.now() + holdSeconds * 1000;
const meanGapMs = 1000 / Number(values.rate);
while (Date.now() < holdUntil) {
  // Random moments (exponential gaps), so pushes do not line up with any timer of the server's.
  await new Promise((r) => setTimeout(r, -Math.log(1 - Math.random()) * meanGapMs));
  const userId = userIds[Math.floor(Math.random() * userIds.length)]!;
  await notifier.notify(userId, "xp_update", { loadtestSentAt: Date.now() });
  sent++;
}
await new Promise((r) => setTimeout(r, 2_000));
const seconds = (performance.now() - t0) / 1000;
const serverCpu = serverPid ? cpuSeconds(serverPid) - cpu0 : undefined;
const serverRssMb = serverPid ? rssMb(serverPid) : undefined;
for (const w of workers) w.send("stop");
const figures = {
  script: "idle",
  endpoint: values.endpoint,
  measuredAt: new Date().toISOString(),
  generators,
  connections: connected,
  failedConnections: errors,
  rampSeconds: round((Date.now() - started) / 1000 - seconds),
  pushes: {
    sent,
    received: latencies.length,
    p50Ms: round(percentile(latencies, 50)),
    p95Ms: round(percentile(latencies, 95)),
    p99Ms: round(percentile(latencies, 99)),
    maxMs: round(Math.max(...latencies)),
  },
  pushP99Target: { ms: 50, met: percentile(latencies, 99) < 50 },
  server: serverPid
    ? {
        cpuPercentOfACoreIdle: round(((serverCpu ?? 0) / seconds) * 100),
        rssMb: serverRssMb,
        rssKbPerConnection:
          serverRssMb !== undefined ? round((serverRssMb * 1024) / Math.max(1, connected)) : undefined,
      }
    : "pass --server-pid to measure",
  generatorCpuSecondsDuringRamp: round(
    [...generatorCpu.values()].reduce((a, b) => a + b, 0),
    2,
  ),
};
mkdirSync(resultsDir, { recursive: true });
const file = path.resolve(String(values.figures ?? path.join(resultsDir, "idle.json")));
writeFileSync(file, `${JSON.stringify(figures, null, 2)}\n`);
console.log(JSON.stringify(figures, null, 2));
process.exit(0);

function rssMb(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1]);
    return round(kb / 1024);
  } catch {
    return undefined;
  }
}
