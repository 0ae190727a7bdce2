import type { IncomingMessage } from "node:http";
import type { WebSocketTransport } from "@colyseus/ws-transport";
import { coalesceWritesPerTick } from "./coalescedWrites.ts";
import { SpreadPingTransport } from "./spreadPingTransport.ts";

type ConnectionArgs = Parameters<WebSocketTransport["onConnection"]>;

/**
 * The game's WebSocket transport: Colyseus' own, with keep-alive pings spread over their interval
 * (SpreadPingTransport) and each connection's frames of one tick written together (coalescedWrites.ts).
 */
export class GameTransport extends SpreadPingTransport {
  // Colyseus registers this method, unbound, as the WebSocket server's "connection" listener:
  // it must not use `this`.
  protected override onConnection(rawClient: ConnectionArgs[0], req: IncomingMessage, upgrade?: ConnectionArgs[2]) {
    coalesceWritesPerTick(rawClient);
    return super.onConnection(rawClient, req, upgrade);
  }
}
