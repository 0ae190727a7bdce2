import { type ClashBotOptions, type ClashFiguresSnapshot, mergeClashFigures } from "../bots/clash.ts";
import { percentile, round } from "../lib/stats.ts";
import type { BotUser } from "../lib/target.ts";
import type { Generators } from "./generators.ts";
import type { Group } from "./heldClients.ts";
import { cpuOf, ownCpuSeconds, type Repeated, repeated, sleep } from "./measure.ts";

export interface ClashBenchFigures {
  tables: number;
  failedTables: number;
  players: number;
  /** Per window: grader latency p95 (clash_submit → clash_graded), milliseconds. */
  graderP95Ms: Repeated;
  /** Per window: the server's CPU seconds over the clashes completed in it. */
  serverCpuSecondsPerClash: Repeated;
  /** Per window: the load generator's CPU seconds (this process and its generators) per clash. */
  generatorCpuSecondsPerClash: Repeated;
  /** Per window: clashes completed per minute. */
  clashesPerMinute: Repeated;
  /** Clashes between clash_problem and clash_result, sampled each second over every window. */
  playingPeak: number;
  playingMean: number;
  windows: Array<{ completed: number; graded: number; abandoned: number; errors: Record<string, number> }>;
}

/**
 * Clashes held at once on one process: `tables` clash tables (loadtest/src/bots/clash.ts) start
 * in the generator processes, ten at a time, each playing clash after clash (lobby, start,
 * progress, a share of wrong submissions, the reference solution, result, next lobby); after a
 * warm-up, `repeats` windows of `windowMs` each read the grader latency of the submissions
 * graded in the window and the server's CPU (/proc, its grader threads included) per clash
 * completed in it.
 */
export async function clashesHeld(opts: {
  generators: Generators;
  base: string;
  /** The bots of each table (`options.players` or more: they take turns). */
  tableUsers: BotUser[][];
  options: ClashBotOptions;
  pid: number;
  warmupMs: number;
  windowMs: number;
  repeats: number;
}): Promise<ClashBenchFigures> {
  const tables: Group[] = [];
  let failedTables = 0;
  try {
    for (let i = 0; i < opts.tableUsers.length; i += 10) {
      const batch = await Promise.allSettled(
        opts.tableUsers
          .slice(i, i + 10)
          .map((users) => opts.generators.add({ kind: "clash", base: opts.base, users, options: opts.options })),
      );
      for (const b of batch) {
        if (b.status === "fulfilled") tables.push(b.value);
        else {
          failedTables++;
          console.error(`  a clash table could not be seated: ${(b.reason as Error).message}`);
        }
      }
    }
    await sleep(opts.warmupMs);
    await opts.generators.clashFigures();
    const graderP95: number[] = [];
    const cpuPerClash: number[] = [];
    const generatorPerClash: number[] = [];
    const perMinute: number[] = [];
    const playing: number[] = [];
    const windows: ClashBenchFigures["windows"] = [];
    for (let r = 0; r < opts.repeats; r++) {
      const c0 = cpuOf([opts.pid]);
      const g0 = ownCpuSeconds() + cpuOf(opts.generators.pids);
      const t0 = performance.now();
      const parts: ClashFiguresSnapshot[] = [];
      const end = Date.now() + opts.windowMs;
      while (Date.now() < end) {
        await sleep(Math.min(1_000, end - Date.now()));
        const part = await opts.generators.clashFigures();
        parts.push(part);
        playing.push(part.playing);
      }
      const seconds = (performance.now() - t0) / 1000;
      const w = mergeClashFigures(parts);
      const perClash = (cpu: number) => (w.completed > 0 ? cpu / w.completed : Number.NaN);
      graderP95.push(percentile(w.gradedMs, 95));
      cpuPerClash.push(perClash(cpuOf([opts.pid]) - c0));
      generatorPerClash.push(perClash(ownCpuSeconds() + cpuOf(opts.generators.pids) - g0));
      perMinute.push((w.completed / seconds) * 60);
      windows.push({ completed: w.completed, graded: w.gradedMs.length, abandoned: w.abandoned, errors: w.errors });
    }
    return {
      tables: tables.length,
      failedTables,
      players: opts.options.players,
      graderP95Ms: repeated(graderP95),
      serverCpuSecondsPerClash: repeated(cpuPerClash),
      generatorCpuSecondsPerClash: repeated(generatorPerClash),
      clashesPerMinute: repeated(perMinute),
      playingPeak: Math.max(0, ...playing),
      playingMean: round(playing.reduce((s, n) => s + n, 0) / Math.max(1, playing.length)),
      windows,
    };
  } finally {
    await Promise.allSettled(tables.map((t) => t.stop()));
  }
}
