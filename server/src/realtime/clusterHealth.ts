import { type IRoomCache, matchMaker } from "@colyseus/core";
import type { Redis } from "ioredis";
import type { Logger } from "../logger.ts";

/** How often this process looks for dead peers. A dead peer's rooms leave the listing within
 * this interval plus Colyseus' IPC time-out (COLYSEUS_PRESENCE_SHORT_TIMEOUT, 2 s by default). */
export const CLUSTER_SWEEP_INTERVAL_MS = 2_000;

/** Called with the listed rooms of a process that is gone, after they left the listing. */
export type RoomsLost = (rooms: IRoomCache[]) => Promise<void>;

/**
 * Bounds how long a killed process's rooms stay in the shared listing, and hands them to
 * `onRoomsLost` so what they held can be rebuilt elsewhere.
 *
 * Colyseus 0.18 health-checks its peers only when a process starts and when a seat reservation
 * times out, so a process killed with SIGKILL leaves its rooms listed (and joinable in vain) until
 * someone trips over them. Every process here runs the same check on a timer: a peer listed in the
 * matchmaker's stats whose process channel vanished from Redis pub/sub (a killed process's
 * connection closes, so its subscription goes at once) is pinged by `healthCheckProcessId`; if it
 * does not answer, Colyseus removes it from the stats and its rooms from the driver
 * (`driver.cleanup(processId)`). Live peers cost one PUBSUB CHANNELS and one HGETALL per tick.
 * Several live processes may notice the same death: `onRoomsLost` must be idempotent across them.
 */
export function startClusterSweep(opts: { logger: Logger; onRoomsLost?: RoomsLost; intervalMs?: number }): () => void {
  let running = false;
  const timer = setInterval(async () => {
    if (running) return;
    running = true;
    try {
      await sweepOnce(opts.onRoomsLost);
    } catch (err) {
      opts.logger.warn({ err }, "cluster sweep failed");
    } finally {
      running = false;
    }
  }, opts.intervalMs ?? CLUSTER_SWEEP_INTERVAL_MS);
  timer.unref();
  return () => clearInterval(timer);
}

async function sweepOnce(onRoomsLost: RoomsLost | undefined): Promise<void> {
  const peers = await matchMaker.stats.fetchAll();
  const subscribed = new Set((await matchMaker.presence.channels("p:*")).map((c) => c.slice(2)));
  for (const peer of peers) {
    if (peer.processId === matchMaker.processId || subscribed.has(peer.processId)) continue;
    // Read its rooms first: the health check deletes them from the listing when it fails.
    const rooms = await matchMaker.query({ processId: peer.processId });
    const alive = await matchMaker.healthCheckProcessId(peer.processId);
    if (!alive && rooms.length > 0) await onRoomsLost?.(rooms);
  }
}

const HANDOFF_CHANNEL = "cluster:rooms-handoff";

/**
 * A draining process gives its unfinished rooms to the live ones: it publishes their listings
 * after its own rooms closed, and every live process passes them to `onRoomsLost` (which, being
 * idempotent across processes, rebuilds each one once).
 */
export async function subscribeRoomHandoff(onRoomsLost: RoomsLost, logger: Logger): Promise<() => void> {
  const listener = (rooms: IRoomCache[]) => {
    onRoomsLost(rooms).catch((err) => logger.warn({ err }, "room handoff failed"));
  };
  await matchMaker.presence.subscribe(HANDOFF_CHANNEL, listener);
  return () => matchMaker.presence.unsubscribe(HANDOFF_CHANNEL, listener);
}

/**
 * Publishes the rooms a draining process held, once its own rooms closed. By then Colyseus has shut
 * its presence down, so this goes through the process's plain Redis client (the same JSON message
 * RedisPresence publishes).
 */
export async function handOffRooms(redis: Redis, rooms: IRoomCache[]): Promise<void> {
  if (rooms.length > 0) await redis.publish(HANDOFF_CHANNEL, JSON.stringify(rooms));
}
