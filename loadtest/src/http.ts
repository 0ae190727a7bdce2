import { randomInt } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { hammer, type HttpFigures } from "./lib/autocannon.ts";
import { resultsDir } from "./lib/runBots.ts";
import { assertLocal, type BotUser, callApi, registerBot } from "./lib/target.ts";

const USAGE = `HTTP load on login, profile, leaderboard and purchase (autocannon), one scenario after the other.
  npm run loadtest:http -w loadtest -- [--base http://localhost:2567] [--duration 10] [--connections 20] [--users 40]`;

/**
 * Each scenario runs for --duration seconds (≤ 60) with --connections (≤ 200) against localhost.
 * Login rotates through --users accounts and varies X-Forwarded-For (the server trusts its loopback
 * proxy) so the per-IP and per-account login limits do not turn the run into a 429 count; every
 * status is still reported. Purchases buy the cheapest coin item: fresh players hold no coins, so
 * unless they earned some the figure is the refused (422) path; the economy's bench:purchase
 * measures funded purchases.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      base: { type: "string", default: "http://localhost:2567" },
      duration: { type: "string", default: "10" },
      connections: { type: "string", default: "20" },
      users: { type: "string", default: "40" },
      figures: { type: "string", default: path.join(resultsDir, "http.json") },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) return console.log(USAGE);
  const base = values.base.replace(/\/$/, "");
  assertLocal(base);
  const duration = Number(values.duration);
  const connections = Number(values.connections);
  const userCount = Number(values.users);
  if (!(duration >= 1 && duration <= 60)) throw new Error("--duration must be 1–60 seconds per scenario");
  if (!(connections >= 1 && connections <= 200)) throw new Error("--connections must be 1–200");
  if (!(userCount >= 1 && userCount <= 500)) throw new Error("--users must be 1–500");

  const users: BotUser[] = [];
  for (let i = 0; i < userCount; i++) users.push(await registerBot(base, "http"));
  const shop = await callApi<{ items: Array<{ id: string; priceCoins: number | null; slot: string }> }>(
    base,
    users[0]!.token,
    "GET",
    "/api/game/shop",
  );
  const item = shop.items
    .filter((i) => i.priceCoins !== null && i.slot === "consumable")
    .sort((a, b) => a.priceCoins! - b.priceCoins!)[0];

  let n = 0;
  const nextUser = () => users[n++ % users.length]!;
  const common = { duration, connections, url: base };
  const results: Record<string, HttpFigures> = {};
  results.login = await hammer({
    ...common,
    requests: [
      {
        method: "POST",
        path: "/api/auth/login",
        setupRequest: (req) => {
          const u = nextUser();
          return {
            ...req,
            headers: {
              "content-type": "application/json",
              "x-forwarded-for": `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`,
            },
            body: JSON.stringify({ username: u.username, password: u.password }),
          };
        },
      },
    ],
  });
  const authed = (method: "GET" | "POST", p: string, body?: unknown) => ({
    method,
    path: p,
    setupRequest: (req: any) => ({
      ...req,
      headers: {
        authorization: `Bearer ${nextUser().token}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }),
  });
  results.profile = await hammer({ ...common, requests: [authed("GET", "/api/game/profile")] });
  results.leaderboard = await hammer({ ...common, requests: [authed("GET", "/api/game/leaderboard?limit=100")] });
  if (item) {
    results.purchase = await hammer({
      ...common,
      requests: [authed("POST", "/api/game/shop/purchase", { itemId: item.id, quantity: 1 })],
    });
  }

  const figures = {
    script: "http",
    base,
    duration,
    connections,
    users: userCount,
    measuredAt: new Date().toISOString(),
    results,
  };
  mkdirSync(path.dirname(values.figures), { recursive: true });
  writeFileSync(values.figures, `${JSON.stringify(figures, null, 2)}\n`);
  for (const [name, r] of Object.entries(results)) {
    console.log(
      `${name.padEnd(12)} ${r.requestsPerSecond.toFixed(0).padStart(7)} req/s  p50 ${r.latencyP50Ms} ms  p99 ${r.latencyP99Ms} ms  statuses ${JSON.stringify(r.statuses)}`,
    );
  }
  console.log(`figures written to ${values.figures}`);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
