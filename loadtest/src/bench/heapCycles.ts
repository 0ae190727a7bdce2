import { matchMaker } from "@colyseus/core";
import { Client } from "@colyseus/sdk";
import { DUNGEONS, RoomName } from "@levelup/shared";
import { startServer } from "../../../server/src/app.ts";
import { loadConfig } from "../../../server/src/config.ts";
import { sealRoomOptions } from "../../../server/src/rooms/roomSeal.ts";
import { leave } from "../lib/leave.ts";
import { registerBot } from "../lib/target.ts";

/**
 * Run by `npm run bench` with --expose-gc: the real server in this process (embedded database),
 * then `CYCLES` room create/dispose cycles alternating the hub and dungeon rooms, two signed-in
 * clients (the real SDK over WebSockets) joining and leaving each hub, comparing the heap after a
 * full GC before and after. A warm-up first, so lazy initialisation and code compiled on the way
 * are not counted.
 * Prints one JSON line.
 */
const CYCLES = Number(process.argv[2] ?? 10_000);
/**
 * Cycles before the first measurement (the second argument; the bench's --quick passes fewer). V8 keeps compiling and optimising the code these cycles run
 * (compiled code, deoptimisation data) for the first ~1,500 of them: after 300, a 4,000-cycle run
 * grew 5 %, after 1,500 about 1 %, and a heap snapshot diff of that rest showed compiled code and
 * a few timers in flight, no objects of the game's own (2026-12-03).
 */
const WARMUP = Number(process.argv[3] ?? 1_500);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("run with --expose-gc");

const config = loadConfig({
  NODE_ENV: "test",
  PORT: "0",
  HOST: "127.0.0.1",
  LOG_LEVEL: "silent",
  DATA_DIR: "memory://",
  JWT_SECRET: "heap-cycles-secret-heap-cycles-secret",
});
const server = await startServer(config);
const dungeonId = DUNGEONS[0]!.id;
const players = [await registerBot(server.url, "heap"), await registerBot(server.url, "heap")];

async function cycle(i: number): Promise<void> {
  const listing =
    i % 2 === 0
      ? await matchMaker.createRoom("hub", {})
      : await matchMaker.createRoom(RoomName.dungeon, {
          dungeonId,
          seal: sealRoomOptions(config.JWT_SECRET, RoomName.dungeon, dungeonId),
        });
  if (i % 2 === 0) {
    const joined = await Promise.all(
      players.map((p) => {
        const client = new Client(server.url);
        client.auth.token = p.token;
        return client.joinById(listing.roomId);
      }),
    );
    await Promise.all(joined.map((room) => leave(room)));
  }
  // The last client's leave may have disposed the hub already.
  await matchMaker.getLocalRoomById(listing.roomId)?.disconnect();
}

const heap = () => {
  gc!();
  gc!();
  return process.memoryUsage().heapUsed;
};
for (let i = 0; i < WARMUP; i++) await cycle(i);
await new Promise((r) => setTimeout(r, 200));
const before = heap();
const t0 = performance.now();
for (let i = 0; i < CYCLES; i++) await cycle(i);
const seconds = (performance.now() - t0) / 1000;
await new Promise((r) => setTimeout(r, 500));
const after = heap();
console.log(
  JSON.stringify({ cycles: CYCLES, heapBefore: before, heapAfter: after, growth: (after - before) / before, seconds }),
);
await server.stop();
process.exit(0);
