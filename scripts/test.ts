import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

/** Plain CommonJS shared with the workspaces' .mocharc.cjs files. */
const { testTimeScale } = createRequire(import.meta.url)("./testTimeScale.cjs") as { testTimeScale(): number };

const USAGE = `npm test [-- --only id,id]

Runs every step below, each to its end whatever the others did, then prints one summary line per
step and a total line last; exits 1 if any step failed. Steps: ${"<ids>"}.`;

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** One part of `npm test`: a command, and whether it reports mocha counts or only succeeds or fails. */
interface Step {
  id: string;
  title: string;
  command: string[];
  mocha: boolean;
}

const steps: Step[] = [
  { id: "lint", title: "lint (biome)", command: ["npm", "run", "lint"], mocha: false },
  { id: "typecheck", title: "typecheck (tsc)", command: ["npm", "run", "typecheck"], mocha: false },
  { id: "shared", title: "shared", command: ["npm", "test", "-w", "shared"], mocha: true },
  {
    id: "server-embedded",
    title: "server (PGlite)",
    command: ["npm", "run", "test:embedded", "-w", "server"],
    mocha: true,
  },
  {
    id: "server-postgres",
    title: "server (PostgreSQL + Redis)",
    command: ["npm", "run", "test:postgres", "-w", "server"],
    mocha: true,
  },
  { id: "client-unit", title: "client (unit)", command: ["npm", "run", "test:unit", "-w", "client"], mocha: true },
  { id: "client-e2e", title: "client (browser e2e)", command: ["npm", "run", "test:e2e", "-w", "client"], mocha: true },
  { id: "loadtest", title: "loadtest", command: ["npm", "test", "-w", "loadtest"], mocha: true },
  { id: "cli", title: "cli", command: ["npm", "test", "-w", "cli"], mocha: true },
];

interface StepResult {
  step: Step;
  exitCode: number;
  passed: number;
  failed: number;
  pending: number;
  failedTitles: string[];
  seconds: number;
  /** Set when the step failed without mocha counts to show for it (lint, typecheck, a crash, a build). */
  note?: string;
}

/** Runs one step with its output on this terminal; mocha writes its counts to a file for the summary. */
async function runStep(step: Step, summaryDir: string, timeScale: string): Promise<StepResult> {
  const summaryFile = path.join(summaryDir, `${step.id}.json`);
  const started = Date.now();
  console.log(`\n== ${step.title}: ${step.command.join(" ")} (time scale ×${timeScale})`);
  const child = spawn(step.command[0] as string, step.command.slice(1), {
    cwd: repoRoot,
    stdio: "inherit",
    env: { ...process.env, LEVELUP_TEST_SUMMARY_FILE: summaryFile, LEVELUP_TEST_TIME_SCALE: timeScale },
  });
  const exitCode = await new Promise<number>((resolve) => {
    child.once("exit", (code, signal) => resolve(code ?? (signal ? 128 : 1)));
    child.once("error", () => resolve(127));
  });
  const seconds = Math.round((Date.now() - started) / 1000);
  const counts = step.mocha && existsSync(summaryFile) ? JSON.parse(readFileSync(summaryFile, "utf8")) : undefined;
  const result: StepResult = {
    step,
    exitCode,
    passed: counts?.passed ?? 0,
    failed: counts?.failed ?? 0,
    pending: counts?.pending ?? 0,
    failedTitles: counts?.failedTitles ?? [],
    seconds,
  };
  // A step that exits non-zero with no failed test to show (a lint error, a build error, a crash
  // before mocha's end) still counts as one failure: a run must never look green by saying less.
  if (exitCode !== 0 && result.failed === 0) {
    result.failed = 1;
    result.note = counts ? `exited ${exitCode}` : `exited ${exitCode} without test results`;
  }
  if (exitCode === 0 && !step.mocha) result.passed = 1;
  return result;
}

/** The summary: one line per step, then the total, which is always the last line. */
function summaryLines(results: StepResult[]): string[] {
  const width = Math.max(...results.map((r) => r.step.title.length));
  const lines = ["", "== summary"];
  for (const r of results) {
    const counts = r.step.mocha
      ? `${r.passed} passed, ${r.failed} failed, ${r.pending} pending`
      : r.failed
        ? "failed"
        : "ok";
    const mark = r.failed ? "FAIL" : "ok  ";
    lines.push(`${mark} ${r.step.title.padEnd(width)}  ${counts}${r.note ? ` (${r.note})` : ""}  ${r.seconds} s`);
    for (const title of r.failedTitles.slice(0, 20)) lines.push(`       ✗ ${title}`);
    if (r.failedTitles.length > 20) lines.push(`       … and ${r.failedTitles.length - 20} more`);
  }
  const sum = (key: "passed" | "failed" | "pending") =>
    results.filter((r) => r.step.mocha || key === "failed").reduce((n, r) => n + r[key], 0);
  lines.push(`total: ${sum("passed")} passed, ${sum("failed")} failed, ${sum("pending")} pending`);
  return lines;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { only: { type: "string" }, help: { type: "boolean", default: false } },
  });
  if (values.help) {
    console.log(USAGE.replace("<ids>", steps.map((s) => s.id).join(", ")));
    return;
  }
  const wanted = values.only?.split(",").map((s) => s.trim());
  const unknown = wanted?.filter((id) => !steps.some((s) => s.id === id)) ?? [];
  if (unknown.length > 0) {
    console.error(`unknown step ${unknown.join(", ")}; steps: ${steps.map((s) => s.id).join(", ")}`);
    process.exit(2);
  }
  // The time scale (scripts/testTimeScale.cjs) is read again before each step, from the load of
  // that moment: a machine that gets busier during a long run (another job, the soak's spinner
  // whose load the 1-minute average shows only later) must not keep the quiet start's deadlines.
  const summaryDir = mkdtempSync(path.join(tmpdir(), "levelup-test-summary-"));
  const results: StepResult[] = [];
  try {
    for (const step of steps.filter((s) => !wanted || wanted.includes(s.id))) {
      results.push(await runStep(step, summaryDir, String(testTimeScale())));
    }
  } finally {
    rmSync(summaryDir, { recursive: true, force: true });
  }
  for (const line of summaryLines(results)) console.log(line);
  process.exitCode = results.some((r) => r.failed > 0) ? 1 : 0;
}

await main();
