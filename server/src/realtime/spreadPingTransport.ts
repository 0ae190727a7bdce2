import { WebSocketTransport } from "@colyseus/ws-transport";

/** How often the spread pinger wakes (ms): each wake pings its share of the connections. */
export const PING_TICK_MS = 50;

/** Connections to ping per tick so that each one is pinged once per `intervalMs`. */
export function pingsPerTick(connections: number, intervalMs: number, tickMs = PING_TICK_MS): number {
  if (connections === 0) return 0;
  return Math.ceil((connections * tickMs) / Math.max(tickMs, intervalMs));
}

interface PingedSocket {
  pingCount: number;
  readyState: number;
  ping(cb: () => void): void;
  terminate(): void;
}

const OPEN = 1;
const noop = () => {};

/**
 * Colyseus' WebSocket transport, with its keep-alive pings spread over the interval. The stock
 * transport pings every connection in one synchronous loop every 3 s: ~30 ms per 1,000 sockets, so
 * at 15,000 idle players every push waited up to half a second behind it. Here each socket is still
 * pinged once per interval and terminated after `pingMaxRetries` unanswered pings, but a
 * PING_TICK_MS timer pings only its share (20,000 sockets, 3 s: 334 per tick).
 */
export class SpreadPingTransport extends WebSocketTransport {
  protected override autoTerminateUnresponsiveClients(pingInterval: number, pingMaxRetries: number): void {
    let round: PingedSocket[] = [];
    let next = 0;
    let roundStartedAt = Number.NEGATIVE_INFINITY;
    this.pingInterval = setInterval(() => {
      if (next >= round.length) {
        // Never faster than the interval: a few sockets must not be pinged (and cut off) sooner.
        if (performance.now() - roundStartedAt < pingInterval) return;
        // A new round: the sockets open now; those that connect meanwhile wait for the next one.
        round = [...this.wss.clients] as unknown as PingedSocket[];
        next = 0;
        roundStartedAt = performance.now();
      }
      const end = Math.min(round.length, next + pingsPerTick(round.length, pingInterval));
      for (; next < end; next++) {
        const socket = round[next]!;
        if (socket.readyState !== OPEN) continue;
        if (socket.pingCount >= pingMaxRetries) {
          socket.terminate();
          continue;
        }
        socket.pingCount++;
        socket.ping(noop);
      }
    }, PING_TICK_MS);
    this.pingInterval.unref();
  }
}
