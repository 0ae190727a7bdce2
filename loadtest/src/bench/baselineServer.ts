import http from "node:http";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { type Client, Room, Server } from "@colyseus/core";
import { schema, t } from "@colyseus/schema";
import { WebSocketTransport } from "@colyseus/ws-transport";
import express from "express";

/**
 * The baselines of `npm run bench`, in a process of their own like the game server:
 * - `minimal`: the least a turn-based room can be — a counter and a turn pointer in schema state,
 *   an event broadcast per action; the dungeon rooms are compared with it.
 * - `echo`: answers every message with a tiny ack; the coding room's ingest is compared with it.
 * - GET /hello on --http-port: a bare Express hello-world, against GET /api/game/profile.
 * - GET /lag on --http-port: event-loop delay p99 (ms) since the previous call.
 */
const MinimalState = schema({ round: t.uint32(), turn: t.uint8(), actions: t.uint32() }, "MinimalState");

class MinimalRoom extends Room<{ state: InstanceType<typeof MinimalState> }> {
  override maxClients = 6;
  override onCreate(): void {
    this.state = new MinimalState();
    this.onMessage("act", () => {
      this.state.actions++;
      this.state.turn = (this.state.turn + 1) % 4;
      if (this.state.turn === 0) this.state.round++;
      this.broadcast("battle_update", { type: "turn", turn: this.state.turn, round: this.state.round });
    });
  }
}

class EchoRoom extends Room {
  override maxClients = 8;
  override maxMessagesPerSecond = 100;
  override onCreate(): void {
    this.onMessage("*", (client: Client, type) => client.send("ack", type));
  }
}

const { values } = parseArgs({ options: { port: { type: "string" }, "http-port": { type: "string" } } });
const histogram = monitorEventLoopDelay({ resolution: 10 });
histogram.enable();

const gameServer = new Server({ transport: new WebSocketTransport({ server: http.createServer() }), greet: false });
gameServer.define("minimal", MinimalRoom);
gameServer.define("echo", EchoRoom);
await gameServer.listen(Number(values.port), "127.0.0.1");

const app = express();
app.get("/hello", (_req, res) => {
  res.json({ hello: "world" });
});
app.get("/lag", (_req, res) => {
  const p99Ms = histogram.percentile(99) / 1e6;
  histogram.reset();
  res.json({ p99Ms });
});
app.get("/healthz", (_req, res) => {
  res.json({ status: "ok" });
});
app.listen(Number(values["http-port"]), "127.0.0.1");
