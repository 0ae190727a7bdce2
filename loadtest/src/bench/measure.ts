import { readFileSync } from "node:fs";
import { round } from "../lib/stats.ts";

/** Clock ticks per second of /proc/<pid>/stat's CPU times (USER_HZ: 100 on Linux). */
const USER_HZ = 100;

/** CPU seconds (user + system) a process has used so far, read from /proc (Linux), threads included. */
export function cpuSeconds(pid: number): number {
  const [user, system] = ticksOf(`/proc/${pid}/stat`);
  return user + system;
}

/** CPU seconds of several processes together. */
export const cpuOf = (pids: number[]) => pids.reduce((s, p) => s + cpuSeconds(p), 0);

/**
 * Where a Node process's CPU went so far: its main thread (the event loop: JavaScript, and in
 * `system` the kernel's share of its socket writes and reads) and every other thread (V8's
 * garbage-collection and compiler helpers, libuv's pool), which a `--cpu-prof` profile never shows.
 */
export interface CpuSplit {
  mainUser: number;
  mainSystem: number;
  otherThreads: number;
}

/** The parts of a CpuSplit, in the order the bench prints them. */
export const SPLIT_PARTS = ["mainUser", "mainSystem", "otherThreads"] as const satisfies readonly (keyof CpuSplit)[];

/** User and system CPU seconds of a /proc stat file (a process's, or one thread's under task/). */
function ticksOf(statFile: string): [user: number, system: number] {
  const stat = readFileSync(statFile, "utf8");
  // The command name may hold spaces: fields are counted after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return [Number(fields[11]) / USER_HZ, Number(fields[12]) / USER_HZ];
}

/** CPU seconds of `pids` so far, split as CpuSplit (the main thread's id is the process id). */
export function cpuSplitOf(pids: number[]): CpuSplit {
  const split: CpuSplit = { mainUser: 0, mainSystem: 0, otherThreads: 0 };
  for (const pid of pids) {
    const [user, system] = ticksOf(`/proc/${pid}/task/${pid}/stat`);
    split.mainUser += user;
    split.mainSystem += system;
    // The process's total also holds threads that have ended: they count as other threads.
    split.otherThreads += cpuSeconds(pid) - user - system;
  }
  return split;
}

/** This process's own CPU seconds (the load generator). */
export function ownCpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/** A figure measured several times: its median and how far the samples spread around it. */
export interface Repeated {
  median: number;
  min: number;
  max: number;
  /** (max − min) / median, in percent. */
  spreadPct: number;
  samples: number[];
}

export function repeated(samples: number[]): Repeated {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length / 2;
  const median =
    sorted.length === 0
      ? Number.NaN
      : sorted.length % 2
        ? sorted[Math.floor(mid)]!
        : (sorted[mid - 1]! + sorted[mid]!) / 2;
  const min = sorted[0] ?? Number.NaN;
  const max = sorted[sorted.length - 1] ?? Number.NaN;
  return {
    median,
    min,
    max,
    spreadPct: round(((max - min) / median) * 100, 1),
    samples: samples.map((s) => round(s, 4)),
  };
}

/** Runs `sample` once to warm up (discarded), then `times` more, and returns the spread of the kept ones. */
export async function warmAndRepeat(times: number, sample: () => Promise<number>): Promise<Repeated> {
  await sample();
  const kept: number[] = [];
  for (let i = 0; i < times; i++) kept.push(await sample());
  return repeated(kept);
}

/** "median (min–max, ±spread %)" for a table cell. */
export function fmtRepeated(r: Repeated, digits = 2): string {
  if (!Number.isFinite(r.median)) return "n/a";
  return `${round(r.median, digits)} (${round(r.min, digits)}–${round(r.max, digits)}, spread ${r.spreadPct}%)`;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
