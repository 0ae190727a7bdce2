import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocket } from "ws";
import { pingsPerTick, SpreadPingTransport } from "../src/realtime/spreadPingTransport.ts";
import { until } from "./support/coding.ts";

describe("keep-alive pings spread over their interval", () => {
  it("when 20,000 sockets are pinged every 3 s, then each 50 ms tick pings about 334 of them, never all", () => {
    assert.equal(pingsPerTick(20_000, 3_000), 334);
    assert.equal(pingsPerTick(1, 3_000), 1);
    assert.equal(pingsPerTick(0, 3_000), 0);
    // An interval shorter than a tick pings everyone each tick (the stock behaviour, never slower).
    assert.equal(pingsPerTick(500, 10), 500);
  });

  it("when a client answers pings it stays; when one never answers, then it is cut off after the retries", async () => {
    const server = http.createServer();
    const transport = new SpreadPingTransport({ server, pingInterval: 100, pingMaxRetries: 2 });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    // A raw socket joining no room is closed by Colyseus after 1 s with a normal close (1000);
    // one cut off by the pinger is terminated without a close frame (1006).
    const open = (autoPong: boolean) =>
      new Promise<{ ws: WebSocket; pings: number[]; closed: () => number | undefined }>((resolve, reject) => {
        const ws = new WebSocket(url, { autoPong });
        const pings: number[] = [];
        let code: number | undefined;
        ws.on("ping", () => pings.push(performance.now()));
        ws.on("close", (c) => {
          code = c;
        });
        ws.once("open", () => resolve({ ws, pings, closed: () => code }));
        ws.once("error", reject);
      });
    try {
      const silent = await open(false);
      const alive = await open(true);
      await until(() => silent.closed() !== undefined, 20_000);
      assert.equal(silent.closed(), 1006, "terminated by the pinger, not closed by the room");
      assert.equal(silent.pings.length, 2, "cut off after its two unanswered pings");
      assert.ok(alive.pings.length >= 1 && alive.closed() === undefined);
      // Once per interval, never faster (a few sockets do not make short rounds): a pinger that
      // started a round on every 50 ms tick would ping ~50 ms apart. Arrival times jitter on a busy
      // machine (94 ms was seen with the server pinging 100 ms apart), hence the margin.
      assert.ok(silent.pings[1]! - silent.pings[0]! >= 75, `pings ${silent.pings[1]! - silent.pings[0]!} ms apart`);
      alive.ws.close();
    } finally {
      transport.shutdown();
    }
  });
});
