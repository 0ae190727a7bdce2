import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { ErrorCode } from "@levelup/shared";
import { AppError, rateLimited } from "../../../errors.ts";
import type { Metrics } from "../../../metrics.ts";
import { jobBudgetMs, type RawTestResult, type SandboxLimits, type SandboxTest } from "./runTests.ts";
import type { WorkerJob, WorkerReply } from "./sandboxWorker.ts";

export interface CodeSandboxOptions {
  /** Worker threads grading at once (default: cores − 1, at least 1). */
  size?: number;
  /**
   * Jobs waiting for a worker, over every player, beyond which new ones are refused with 503: the
   * whole grader is saturated (default 256; each job waits a few seconds at most per job ahead of it).
   */
  maxQueue?: number;
  /** Jobs one player may have waiting at once; beyond it their next one is refused with 429 (default 2). */
  maxQueuePerOwner?: number;
  /** Per-test limits (defaults: 1 s, 32 MB, 256 KB stack, 2 000 characters of output). */
  limits?: Partial<SandboxLimits>;
  /**
   * Wall-clock deadline of one job, milliseconds, after which its worker is presumed stuck,
   * terminated and replaced (default: the job's time budget + 5 s).
   */
  jobDeadlineMs?: (testCount: number) => number;
  /** Where each job's time (queueing to result) is recorded, by outcome. */
  metrics?: Pick<Metrics, "graderJobSeconds">;
}

export const defaultSandboxLimits: SandboxLimits = {
  timeMs: 1000,
  memoryBytes: 32 * 1024 * 1024,
  stackBytes: 256 * 1024,
  outputChars: 2000,
};

interface PendingJob {
  job: WorkerJob;
  owner: string;
  /** Order of arrival, the tie-break between players equally entitled to the next turn. */
  seq: number;
  resolve(results: RawTestResult[]): void;
  reject(error: Error): void;
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

/** A player's place in the scheduler: their waiting jobs, how many run now, and when they were last served. */
interface OwnerState {
  waiting: PendingJob[];
  running: number;
  lastServed: number;
}

/** Workers in a row that die before getting ready, after which queued jobs fail instead of retrying forever. */
const MAX_START_FAILURES = 3;

const workerEntry = new URL("./sandboxWorker.ts", import.meta.url);

/**
 * Runs untrusted JavaScript solutions in QuickJS (WebAssembly) inside a small pool of worker
 * threads, so a slow or hostile solution never blocks the event loop that serves rooms and REST.
 * Workers start lazily and never keep the process alive. Each job is isolated from the others:
 * a job that crashes its worker ends in an error of its own (the worker is replaced, the queue goes
 * on), and one stuck past its deadline fails its tests. Waiting jobs are queued per player (a few
 * each) and served round-robin: the next job is the oldest of a player with nothing running and
 * served longest ago, so a player with several jobs waiting delays everybody else by one job at most.
 */
export class CodeSandbox {
  readonly limits: SandboxLimits;
  private readonly size: number;
  private readonly maxQueue: number;
  private readonly maxQueuePerOwner: number;
  private readonly jobDeadlineMs: (testCount: number) => number;
  private readonly slots: Slot[] = [];
  /** Players with jobs waiting or running; a player with neither is forgotten. */
  private readonly owners = new Map<string, OwnerState>();
  private queued = 0;
  private readonly metrics: CodeSandboxOptions["metrics"];
  private nextJobId = 1;
  private turns = 0;
  private startFailures = 0;
  /** Workers replaced after a crash or a missed deadline (for metrics and tests). */
  replacedWorkers = 0;
  /** Workers retired because their memory had grown (for metrics and tests). */
  recycledWorkers = 0;

  constructor(options: CodeSandboxOptions = {}) {
    this.limits = { ...defaultSandboxLimits, ...options.limits };
    this.size = options.size ?? Math.max(1, availableParallelism() - 1);
    this.maxQueue = options.maxQueue ?? 256;
    this.maxQueuePerOwner = options.maxQueuePerOwner ?? 2;
    this.jobDeadlineMs = options.jobDeadlineMs ?? ((n) => jobBudgetMs(n, this.limits) + 5000);
    this.metrics = options.metrics;
  }

  /**
   * Runs `code` against `tests` for `owner` (a player id), one result per test in order.
   * Throws 429 when the owner already has their share waiting, 503 (with Retry-After) when the
   * whole grader is saturated; rejects with GRADING_FAILED when the solution crashed its worker.
   */
  run(code: string, tests: SandboxTest[], owner = "anonymous"): Promise<RawTestResult[]> {
    const own = this.owners.get(owner) ?? { waiting: [], running: 0, lastServed: 0 };
    if (own.waiting.length >= this.maxQueuePerOwner) throw rateLimited(2);
    if (this.queued >= this.maxQueue) {
      throw new AppError(503, ErrorCode.SERVICE_UNAVAILABLE, "The code grader is busy, try again shortly", undefined, {
        headers: { "Retry-After": "5" },
      });
    }
    const timer = this.metrics?.graderJobSeconds.startTimer();
    const job = new Promise<RawTestResult[]>((resolve, reject) => {
      const jobId = this.nextJobId++;
      own.waiting.push({ job: { jobId, code, tests, limits: this.limits }, owner, seq: jobId, resolve, reject });
      this.owners.set(owner, own);
      this.queued += 1;
      this.dispatch();
    });
    job.then(
      () => timer?.({ outcome: "graded" }),
      () => timer?.({ outcome: "crashed" }),
    );
    return job;
  }

  /** Jobs waiting for a worker, over every player. */
  get waiting(): number {
    return this.queued;
  }

  /** Stops every worker; queued and running jobs fail their tests. */
  async close(): Promise<void> {
    for (const pending of this.drainQueue()) pending.resolve(failAll(pending.job, "the grader stopped"));
    await Promise.all([...this.slots].map((slot) => this.retire(slot, "the grader stopped", true)));
  }

  /**
   * The next job: among players with jobs waiting, one with fewer jobs running, then served longest
   * ago, then whose oldest job came first.
   */
  private nextJob(): PendingJob | undefined {
    let best: OwnerState | undefined;
    for (const state of this.owners.values()) {
      const head = state.waiting[0];
      if (!head) continue;
      if (
        !best ||
        state.running < best.running ||
        (state.running === best.running &&
          (state.lastServed < best.lastServed ||
            (state.lastServed === best.lastServed && head.seq < (best.waiting[0] as PendingJob).seq)))
      ) {
        best = state;
      }
    }
    const pending = best?.waiting.shift();
    if (!best || !pending) return undefined;
    best.running += 1;
    best.lastServed = ++this.turns;
    this.queued -= 1;
    return pending;
  }

  /** Books the end of a job of `owner`; a player with nothing waiting or running is forgotten. */
  private finished(owner: string): void {
    const state = this.owners.get(owner);
    if (!state) return;
    state.running -= 1;
    if (state.running <= 0 && state.waiting.length === 0) this.owners.delete(owner);
  }

  private drainQueue(): PendingJob[] {
    const all = [...this.owners.values()].flatMap((state) => state.waiting.splice(0));
    for (const [owner, state] of this.owners) if (state.running <= 0) this.owners.delete(owner);
    this.queued = 0;
    return all;
  }

  private dispatch(): void {
    while (this.queued > 0) {
      const slot = this.slots.find((s) => s.ready && !s.busy);
      if (!slot) {
        // Start another worker if the pool has room; it asks for work once it is ready.
        if (this.slots.length < this.size && this.slots.every((s) => s.ready)) this.spawn();
        return;
      }
      const pending = this.nextJob() as PendingJob;
      const timer = setTimeout(() => {
        void this.retire(slot, "time limit exceeded (the grader was restarted)", false, true);
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
      if ("crashed" in reply) {
        // The worker is exiting: it must not take another job. Only this job ends in an error.
        void this.retire(slot, reply.crashed);
        return;
      }
      clearTimeout(busy.timer);
      slot.busy = undefined;
      worker.unref();
      this.finished(busy.pending.owner);
      busy.pending.resolve(reply.results);
      if (reply.wasmBytes > RECYCLE_WASM_BYTES) {
        this.recycledWorkers += 1;
        void this.retire(slot, "recycled", true);
      } else {
        this.dispatch();
      }
    });
    worker.on("error", (err) => void this.retire(slot, String(err).slice(0, 200)));
    worker.on("exit", () => void this.retire(slot, "the worker exited"));
    this.slots.push(slot);
    return slot;
  }

  /**
   * Removes a worker from the pool, ends its running job and lets the queue continue on a fresh one.
   * A job stuck past its deadline fails its tests (the solution's fault); a job whose worker crashed
   * is rejected with GRADING_FAILED (it was not graded). Planned retirements (closing, recycling)
   * do not count as replacements or start failures.
   */
  private async retire(slot: Slot, reason: string, planned = false, stuck = false): Promise<void> {
    const index = this.slots.indexOf(slot);
    if (index < 0) return;
    this.slots.splice(index, 1);
    if (!slot.ready && !planned && ++this.startFailures >= MAX_START_FAILURES) {
      this.startFailures = 0;
      for (const pending of this.drainQueue()) pending.resolve(failAll(pending.job, "the grader could not start"));
    }
    if (slot.busy) {
      clearTimeout(slot.busy.timer);
      const { pending } = slot.busy;
      this.finished(pending.owner);
      if (planned || stuck) pending.resolve(failAll(pending.job, reason));
      else pending.reject(graderCrashed(reason));
      slot.busy = undefined;
    }
    if (!planned) this.replacedWorkers += 1;
    await slot.worker.terminate();
    this.dispatch();
  }
}

/** The error of a job whose solution crashed its worker: not graded, so not a wrong answer either. */
function graderCrashed(reason: string): AppError {
  return new AppError(
    422,
    ErrorCode.GRADING_FAILED,
    "Your solution stopped the grader, so it was not graded; change it and submit again",
    { reason },
  );
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
