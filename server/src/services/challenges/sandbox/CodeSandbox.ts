import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { ErrorCode } from "@levelup/shared";
import { AppError } from "../../../errors.ts";
import type { RawTestResult, SandboxLimits, SandboxTest } from "./runTests.ts";
import type { WorkerJob, WorkerReply } from "./sandboxWorker.ts";

export interface CodeSandboxOptions {
  /** Worker threads grading at once (default: one per spare core, 1–2). */
  size?: number;
  /** Jobs waiting for a worker beyond which new ones are refused with 503 (default 16). */
  maxQueue?: number;
  /** Per-test limits (defaults: 1 s, 32 MB, 256 KB stack, 2 000 characters of output). */
  limits?: Partial<SandboxLimits>;
  /**
   * Wall-clock deadline of one job, milliseconds, after which its worker is presumed stuck,
   * terminated and replaced (default: tests × time limit + 5 s).
   */
  jobDeadlineMs?: (testCount: number) => number;
}

export const defaultSandboxLimits: SandboxLimits = {
  timeMs: 1000,
  memoryBytes: 32 * 1024 * 1024,
  stackBytes: 256 * 1024,
  outputChars: 2000,
};

interface PendingJob {
  job: WorkerJob;
  resolve(results: RawTestResult[]): void;
}

interface Slot {
  worker: Worker;
  /** Set once the worker has loaded QuickJS; jobs go only to ready workers. */
  ready: boolean;
  busy?: { pending: PendingJob; timer: NodeJS.Timeout };
}

/**
 * WebAssembly memory never shrinks: a worker whose memory grew past this (a solution that hit the
 * memory limit) is replaced after its job, so the next player starts on a fresh, small heap.
 */
const RECYCLE_WASM_BYTES = 64 * 1024 * 1024;

/** Workers in a row that die before getting ready, after which queued jobs fail instead of retrying forever. */
const MAX_START_FAILURES = 3;

const workerEntry = new URL("./sandboxWorker.ts", import.meta.url);

/**
 * Runs untrusted JavaScript solutions in QuickJS (WebAssembly) inside a small pool of worker
 * threads, so a slow or hostile solution never blocks the event loop that serves rooms and REST.
 * Workers start lazily, never keep the process alive, and a crashed or stuck one is replaced:
 * its job then fails every test instead of hanging.
 */
export class CodeSandbox {
  readonly limits: SandboxLimits;
  private readonly size: number;
  private readonly maxQueue: number;
  private readonly jobDeadlineMs: (testCount: number) => number;
  private readonly slots: Slot[] = [];
  private readonly queue: PendingJob[] = [];
  private nextJobId = 1;
  private startFailures = 0;
  /** Workers replaced after a crash or a missed deadline (for metrics and tests). */
  replacedWorkers = 0;
  /** Workers retired because their memory had grown (for metrics and tests). */
  recycledWorkers = 0;

  constructor(options: CodeSandboxOptions = {}) {
    this.limits = { ...defaultSandboxLimits, ...options.limits };
    this.size = options.size ?? Math.min(2, Math.max(1, availableParallelism() - 1));
    this.maxQueue = options.maxQueue ?? 16;
    this.jobDeadlineMs = options.jobDeadlineMs ?? ((n) => n * this.limits.timeMs + 5000);
  }

  /**
   * Runs `code` against `tests`, one result per test in order. Throws 503 when too many jobs wait.
   */
  run(code: string, tests: SandboxTest[]): Promise<RawTestResult[]> {
    if (this.queue.length >= this.maxQueue) {
      throw new AppError(503, ErrorCode.SERVICE_UNAVAILABLE, "The code grader is busy, try again shortly", undefined, {
        headers: { "Retry-After": "5" },
      });
    }
    return new Promise((resolve) => {
      this.queue.push({ job: { jobId: this.nextJobId++, code, tests, limits: this.limits }, resolve });
      this.dispatch();
    });
  }

  /** Stops every worker; queued and running jobs fail their tests. */
  async close(): Promise<void> {
    for (const pending of this.queue.splice(0)) pending.resolve(failAll(pending.job, "the grader stopped"));
    await Promise.all([...this.slots].map((slot) => this.retire(slot, "the grader stopped", true)));
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const slot = this.slots.find((s) => s.ready && !s.busy);
      if (!slot) {
        // Start another worker if the pool has room; it asks for work once it is ready.
        if (this.slots.length < this.size && this.slots.every((s) => s.ready)) this.spawn();
        return;
      }
      const pending = this.queue.shift() as PendingJob;
      const timer = setTimeout(() => {
        void this.retire(slot, "time limit exceeded (the grader was restarted)");
      }, this.jobDeadlineMs(pending.job.tests.length));
      slot.busy = { pending, timer };
      slot.worker.ref();
      slot.worker.postMessage(pending.job);
    }
  }

  private spawn(): Slot {
    const worker = startWorker();
    const slot: Slot = { worker, ready: false };
    worker.unref();
    worker.on("message", (reply: WorkerReply) => {
      if ("ready" in reply) {
        slot.ready = true;
        this.startFailures = 0;
        this.dispatch();
        return;
      }
      const busy = slot.busy;
      if (!busy || busy.pending.job.jobId !== reply.jobId) return;
      clearTimeout(busy.timer);
      slot.busy = undefined;
      worker.unref();
      busy.pending.resolve("results" in reply ? reply.results : failAll(busy.pending.job, "the grader crashed"));
      if ("results" in reply && reply.wasmBytes > RECYCLE_WASM_BYTES) {
        this.recycledWorkers += 1;
        void this.retire(slot, "recycled", true);
      } else {
        this.dispatch();
      }
    });
    worker.on("error", () => void this.retire(slot, "the grader crashed"));
    worker.on("exit", () => void this.retire(slot, "the grader crashed"));
    this.slots.push(slot);
    return slot;
  }

  /**
   * Removes a worker from the pool, fails its running job and lets the queue continue on a fresh one.
   * Planned retirements (closing, recycling) do not count as replacements or start failures.
   */
  private async retire(slot: Slot, reason: string, planned = false): Promise<void> {
    const index = this.slots.indexOf(slot);
    if (index < 0) return;
    this.slots.splice(index, 1);
    if (!slot.ready && !planned && ++this.startFailures >= MAX_START_FAILURES) {
      this.startFailures = 0;
      for (const pending of this.queue.splice(0)) pending.resolve(failAll(pending.job, "the grader could not start"));
    }
    if (slot.busy) {
      clearTimeout(slot.busy.timer);
      slot.busy.pending.resolve(failAll(slot.busy.pending.job, reason));
      slot.busy = undefined;
    }
    if (!planned) this.replacedWorkers += 1;
    await slot.worker.terminate();
    this.dispatch();
  }
}

function failAll(job: WorkerJob, message: string): RawTestResult[] {
  return job.tests.map(() => ({ passed: false, message, output: "" }));
}

/**
 * Starts a worker on the TypeScript entry. Node 20 does not pass tsx's loader to worker threads,
 * so when running from source the worker first registers tsx itself.
 */
function startWorker(): Worker {
  const options = { resourceLimits: { maxOldGenerationSizeMb: 128 } };
  if (!workerEntry.pathname.endsWith(".ts")) return new Worker(workerEntry, options);
  // The ESM build of tsx's API (require.resolve finds its CommonJS twin beside it).
  const tsxApi = createRequire(import.meta.url)
    .resolve("tsx/esm/api")
    .replace(/\.cjs$/, ".mjs");
  const tsx = pathToFileURL(tsxApi).href;
  const boot = `import(${JSON.stringify(tsx)}).then((t) => { t.register(); return import(${JSON.stringify(workerEntry.href)}); });`;
  return new Worker(boot, { ...options, eval: true });
}
