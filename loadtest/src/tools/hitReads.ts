import { parseArgs } from "node:util";
import { hammer } from "../lib/autocannon.ts";
import { type BotUser, callApi, registerBot } from "../lib/target.ts";
import { HOT_READS } from "../bench/hotReads.ts";

/**
 * Hits the hot reads of a running server in a loop, one after another, for profiling
 * (`node --cpu-prof` on the server, README "Profiling"): registers a few players, buys each one
 * an item, then loads every read with autocannon for --seconds.
 *   node --import tsx loadtest/src/tools/hitReads.ts --url http://127.0.0.1:2567 --seconds 20 [--only shop,quests]
 */
const { values } = parseArgs({
  options: {
    url: { type: "string", default: "http://127.0.0.1:2567" },
    seconds: { type: "string", default: "20" },
    connections: { type: "string", default: "10" },
    only: { type: "string" },
  },
});
const base = values.url;
const users: BotUser[] = [];
for (let i = 0; i < 10; i++) users.push(await registerBot(base, "hit"));
for (const u of users) {
  await callApi(base, u.token, "POST", "/api/game/shop/purchase", { itemId: "health_potion" }).catch(() => {});
}
const only = values.only ? new Set(values.only.split(",")) : undefined;
for (const read of HOT_READS) {
  if (only && !only.has(read.name)) continue;
  let n = 0;
  const figures = await hammer({
    url: base,
    connections: Number(values.connections),
    duration: Number(values.seconds),
    requests: [
      {
        method: "GET",
        setupRequest: (req: any) => {
          const u = users[n++ % users.length]!;
          return { ...req, path: read.path(u), headers: { authorization: `Bearer ${u.token}` } };
        },
      },
    ],
  });
  console.log(read.name, JSON.stringify(figures));
}
