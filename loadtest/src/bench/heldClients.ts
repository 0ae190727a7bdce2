import { round } from "../lib/stats.ts";

export const LAG_LIMIT_MS = 50;
/** A group that has not joined within this long counts as a failed join (its clients are not held). */
const GROUP_TIMEOUT_MS = 20_000;

/** Rejects after `ms`; a group that still arrives later is stopped at once. */
function withTimeout(promise: Promise<Group>, ms: number): Promise<Group> {
  let timedOut = false;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      timedOut = true;
      reject(new Error(`no join within ${ms} ms`));
    }, ms);
    promise.then(
      (g) => {
        clearTimeout(timer);
        if (timedOut) void g.stop();
        else resolve(g);
      },
      (err) => {
        clearTimeout(timer);
        reject(err);
      },
    );
  });
}

export interface Group {
  clients: number;
  stop(): Promise<void>;
}

export interface HeldResult {
  /** Clients connected and active at the last step whose lag p99 stayed under the limit. */
  held: number;
  /** What ended the ramp: the lag limit (a true figure), or the client cap / time budget / join failures (a floor). */
  limitedBy: "lag" | "clients" | "time" | "errors";
  steps: Array<{ clients: number; lagP99Ms: number }>;
}

/**
 * Adds groups step by step (each step `groupsPerStep` more, then `stepMs` of steady load) and reads
 * the server's event-loop lag p99 over each step; stops at the first step over the limit, at
 * `maxClients`, or when `budgetMs` is spent. Every group is stopped at the end.
 */
export async function clientsHeld(opts: {
  addGroup: () => Promise<Group>;
  readLag: () => Promise<number>;
  groupsPerStep: number;
  stepMs: number;
  maxClients: number;
  budgetMs: number;
}): Promise<HeldResult> {
  const groups: Group[] = [];
  const steps: HeldResult["steps"] = [];
  const deadline = Date.now() + opts.budgetMs;
  let held = 0;
  let limitedBy: HeldResult["limitedBy"] = "clients";
  const clients = () => groups.reduce((n, g) => n + g.clients, 0);
  try {
    while (clients() < opts.maxClients && Date.now() < deadline) {
      const adding = await Promise.allSettled(
        Array.from({ length: opts.groupsPerStep }, () => withTimeout(opts.addGroup(), GROUP_TIMEOUT_MS)),
      );
      for (const a of adding) if (a.status === "fulfilled") groups.push(a.value);
      const failed = adding.filter((a) => a.status === "rejected");
      if (failed.length > 0)
        console.error(`  ${failed.length} group(s) failed to join: ${(failed[0] as PromiseRejectedResult).reason}`);
      if (failed.length === adding.length) {
        limitedBy = "errors";
        console.error(`  every join of the step failed: ${(failed[0] as PromiseRejectedResult).reason}`);
        break;
      }
      await opts.readLag();
      await new Promise((r) => setTimeout(r, opts.stepMs));
      const lag = await opts.readLag();
      steps.push({ clients: clients(), lagP99Ms: round(lag) });
      console.log(`  ${clients()} clients: event-loop lag p99 ${round(lag)} ms`);
      if (lag >= LAG_LIMIT_MS) {
        limitedBy = "lag";
        break;
      }
      held = clients();
      if (Date.now() >= deadline) limitedBy = "time";
    }
  } finally {
    await Promise.allSettled(groups.map((g) => g.stop()));
  }
  return { held, limitedBy, steps };
}
