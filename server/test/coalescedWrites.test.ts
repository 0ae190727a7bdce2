import assert from "node:assert/strict";
import { once } from "node:events";
import type { AddressInfo, Socket } from "node:net";
import { WebSocket, WebSocketServer } from "ws";
import { coalesceWritesPerTick } from "../src/realtime/coalescedWrites.ts";
import { until } from "./support/coding.ts";

/** A server-side socket and a client that records what it receives. */
async function pair() {
  const wss = new WebSocketServer({ port: 0, host: "127.0.0.1" });
  await once(wss, "listening");
  const accepted = once(wss, "connection");
  const client = new WebSocket(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}`);
  const received: string[] = [];
  client.on("message", (data) => received.push(String(data)));
  const [server] = (await accepted) as [WebSocket & { _socket: Socket }];
  // Counts the writes the TCP socket hands down (each one a system call): _write for one chunk,
  // _writev for chunks gathered while corked.
  const socket = server._socket as Socket & { _write: (...a: unknown[]) => void; _writev: (...a: unknown[]) => void };
  const writes = { count: 0 };
  for (const method of ["_write", "_writev"] as const) {
    const original = socket[method].bind(socket);
    socket[method] = (...a: unknown[]) => {
      writes.count++;
      original(...a);
    };
  }
  return {
    server,
    received,
    writes,
    async close() {
      client.close();
      await new Promise((resolve) => wss.close(resolve));
    },
  };
}

describe("frames of one tick written together", () => {
  it("when three messages are sent in one tick, then they reach the client in order through one socket write", async () => {
    const { server, received, writes, close } = await pair();
    try {
      coalesceWritesPerTick(server);
      for (const text of ["damage", "turn", "faint"]) server.send(text);
      await until(() => received.length === 3);
      assert.deepEqual(received, ["damage", "turn", "faint"]);
      assert.equal(writes.count, 1);
      // The next tick starts a new write.
      server.send("victory");
      await until(() => received.length === 4);
      assert.equal(writes.count, 2);
    } finally {
      await close();
    }
  });

  it("when a connection does not coalesce, then each message is a write of its own (what the wrapper saves)", async () => {
    const { server, received, writes, close } = await pair();
    try {
      for (const text of ["damage", "turn", "faint"]) server.send(text);
      await until(() => received.length === 3);
      assert.equal(writes.count, 3);
    } finally {
      await close();
    }
  });
});
