import { matchMaker } from "@colyseus/core";
import type { Logger } from "../logger.ts";

/** How often this process looks for dead peers. A dead peer's rooms leave the listing within
 * this interval plus Colyseus' IPC time-out (COLYSEUS_PRESENCE_SHORT_TIMEOUT, 2 s by default). */
export const CLUSTER_SWEEP_INTERVAL_MS = 2_000;

/**
 * Bounds how long a killed process's rooms stay in the shared listing.
 *
 * Colyseus 0.18 health-checks its peers only when a process starts and when a seat reservation
 * times out, so a process killed with SIGKILL leaves its rooms listed (and joinable in vain) until
 * someone trips over them. Every process here re-runs the same check on a timer instead:
 * `healthCheckAllProcesses()` pings only peers whose process channel vanished from Redis pub/sub
 * (a killed process's connection closes, so its subscription goes at once), and a peer that does
 * not answer is removed from the stats and its rooms from the driver (`driver.cleanup(processId)`).
 * Live peers cost one PUBSUB CHANNELS and one HGETALL per tick.
 */
export function startClusterSweep(logger: Logger, intervalMs = CLUSTER_SWEEP_INTERVAL_MS): () => void {
  let running = false;
  const timer = setInterval(async () => {
    if (running) return;
    running = true;
    try {
      await matchMaker.healthCheckAllProcesses();
    } catch (err) {
      logger.warn({ err }, "cluster sweep failed");
    } finally {
      running = false;
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
