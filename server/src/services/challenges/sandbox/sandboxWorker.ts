import { parentPort } from "node:worker_threads";
import { loadQuickJS, type RawTestResult, runTests, type SandboxLimits, type SandboxTest } from "./runTests.ts";

/** A grading job as the pool sends it to a worker. */
export interface WorkerJob {
  jobId: number;
  code: string;
  tests: SandboxTest[];
  limits: SandboxLimits;
}

/** The worker's messages: ready once QuickJS is loaded, then per job its results or why it failed whole. */
export type WorkerReply =
  | { ready: true }
  | { jobId: number; results: RawTestResult[]; wasmBytes: number }
  | { jobId: number; crashed: string };

/**
 * Entry of a grading worker thread: runs one job at a time off the main event loop. If QuickJS
 * itself breaks (the WebAssembly instance aborts), the worker reports and exits so the pool
 * starts a fresh one instead of reusing a damaged module.
 */
const port = parentPort;
if (!port) throw new Error("sandboxWorker must run as a worker thread");

port.on("message", async (job: WorkerJob) => {
  try {
    const results = await runTests(job.code, job.tests, job.limits);
    const wasmBytes = (await loadQuickJS()).getWasmMemory().buffer.byteLength;
    port.postMessage({ jobId: job.jobId, results, wasmBytes } satisfies WorkerReply);
  } catch (err) {
    port.postMessage({ jobId: job.jobId, crashed: String(err).slice(0, 200) } satisfies WorkerReply);
    process.exit(1);
  }
});

// Loading QuickJS and running one trivial test before saying ready keeps start-up time (loading and
// V8's lazy compilation of the WebAssembly) out of the first job's deadline.
await runTests("function warm() { console.log(1); return [1]; }", [{ fn: "warm", args: [], expected: [1] }], {
  timeMs: 60_000,
  memoryBytes: 8 * 1024 * 1024,
  stackBytes: 256 * 1024,
  outputChars: 100,
});
port.postMessage({ ready: true } satisfies WorkerReply);
