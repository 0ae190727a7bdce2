/**
 * The machine's slowness factor for this run (scripts/testTimeScale.cjs, set by .mocharc.cjs):
 * every deadline a test waits on is multiplied by it, like mocha's own timeout.
 */
export const timeScale = Number(process.env.LEVELUP_TEST_TIME_SCALE) || 1;

/** `ms` on a quiet 4-core machine, scaled to this one. */
export function scaled(ms: number): number {
  return Math.round(ms * timeScale);
}

/**
 * Waits until `condition` holds (state patches, pushes and batches arrive asynchronously); fails
 * after `ms` on a quiet machine, scaled to this one.
 */
export async function until(condition: () => boolean | Promise<boolean>, ms = 20_000): Promise<void> {
  const deadline = Date.now() + scaled(ms);
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Retries `attempt` until it resolves (e.g. a reconnection the server accepts once it saw the drop). */
export async function firstSuccess<T>(attempt: () => Promise<T>, ms = 20_000): Promise<T> {
  const deadline = Date.now() + scaled(ms);
  for (;;) {
    try {
      return await attempt();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/**
 * The mocha timeout, on a quiet 4-core machine, of a test that starts a server process: the
 * TypeScript loader and the migrations alone take seconds there and much longer on a busy machine.
 */
export const PROCESS_TEST_MS = 120_000;
