import { WebSocket } from "ws";

/**
 * Colyseus 0.18 reads the global `WebSocket` (Node 22 has one) when a dropped client reconnects
 * (`client.readyState !== WebSocket.OPEN` in Room#_onJoin). Node 20 has no such global, so every
 * reconnection failed with "WebSocket is not defined"; `ws` (the transport's own library) fills it.
 */
const g = globalThis as { WebSocket?: unknown };
g.WebSocket ??= WebSocket;
