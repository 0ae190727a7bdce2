import { Client } from "@colyseus/sdk";
import { ownCpuSeconds } from "./bench/measure.ts";
import { registerBot } from "./lib/target.ts";

/**
 * One generator process of `npm run loadtest:idle`: registers and seats `count` idle hub players
 * (a few at a time), reports their ids to the parent, and times each test push it receives.
 */
const [base, countArg] = process.argv.slice(2);
const count = Number(countArg);
const send = (m: unknown) => process.send?.(m);
const rooms: Array<{ leave(): Promise<unknown> }> = [];
const PARALLEL = 16;

async function seatOne(): Promise<void> {
  try {
    const user = await registerBot(base!, "idle");
    const client = new Client(base!);
    client.auth.token = user.token;
    const room = await client.joinOrCreate("hub");
    room.onMessage("*", () => {});
    room.onMessage("xp_update", (payload: { loadtestSentAt?: number }) => {
      if (typeof payload?.loadtestSentAt === "number")
        send({ kind: "push", latencyMs: Date.now() - payload.loadtestSentAt });
    });
    rooms.push(room);
    send({ kind: "joined", userIds: [user.id] });
  } catch (err) {
    send({ kind: "error", message: (err as Error).message });
  }
}

let next = 0;
await Promise.all(
  Array.from({ length: PARALLEL }, async () => {
    while (next < count) {
      next++;
      await seatOne();
    }
  }),
);
send({ kind: "ready", cpuSeconds: ownCpuSeconds() });
process.on("message", async (m) => {
  if (m === "stop") {
    await Promise.race([Promise.allSettled(rooms.map((r) => r.leave())), new Promise((r) => setTimeout(r, 5_000))]);
    process.exit(0);
  }
});
