import { randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { Rng, seedRng } from "@levelup/shared";
import { Redis } from "ioredis";
import pg from "pg";
import { type Database, openDatabase } from "../../server/src/db/client.ts";
import type { Leaderboard } from "../../server/src/services/leaderboard/Leaderboard.ts";
import { RedisLeaderboard } from "../../server/src/services/leaderboard/RedisLeaderboard.ts";
import { SqlLeaderboard } from "../../server/src/services/leaderboard/SqlLeaderboard.ts";
import { insertSyntheticPlayers } from "../../server/src/services/leaderboard/syntheticPlayers.ts";
import { percentile, round } from "./lib/stats.ts";

/**
 * Leaderboard latency with many players: the top 100 and one player's rank, all-time and weekly,
 * answered by the services the routes use — SQL on embedded PGlite, SQL on PostgreSQL (a
 * throw-away database on TEST_DATABASE_URL, default the local server), and Redis sorted sets
 * (REDIS_URL, default the local server; its own key prefix, deleted afterwards; names and levels
 * of the top 100 still come from PostgreSQL). Calls run one at a time: this is latency, not
 * throughput. Localhost only.
 *   npm run bench:leaderboard -w loadtest -- --players 100000 --tops 200 --ranks 2000
 * Prints a table and writes loadtest/results/leaderboard.json.
 */

const { values } = parseArgs({
  options: {
    /** Where the figures go, under loadtest/results (the bench's quick mode keeps its own file). */
    out: { type: "string", default: "leaderboard.json" },
    players: { type: "string", default: "100000" },
    tops: { type: "string", default: "200" },
    ranks: { type: "string", default: "2000" },
    backends: { type: "string", default: "pglite,postgres,redis" },
  },
});
if (!/^[a-z0-9-]+\.json$/.test(values.out)) throw new Error("--out: a file name like leaderboard.json");
const resultsFile = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../results", values.out);
const players = Number(values.players);
const tops = Number(values.tops);
const ranks = Number(values.ranks);
const backends = new Set(values.backends.split(","));
const seed = 100_000;
const nowMs = Date.now();

interface Row {
  backend: string;
  query: string;
  n: number;
  p50: number;
  p99: number;
}

async function time(n: number, call: (i: number) => Promise<unknown>): Promise<number[]> {
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await call(i);
    ms.push(performance.now() - t0);
  }
  return ms;
}

/**
 * `board` answers the top 100 from its cache while the board is unchanged (the usual case);
 * `fresh` makes a board with an empty cache, for the top as read right after a change.
 */
async function measure(backend: string, board: Leaderboard, ids: string[], fresh: () => Leaderboard): Promise<Row[]> {
  const rng = new Rng(seedRng(seed + 1));
  const picks = Array.from({ length: ranks }, () => ids[rng.int(ids.length)]!);
  // Warm up caches and, for Redis, build the boards from the database (not counted).
  await board.top("all", 100, nowMs);
  await board.top("weekly", 100, nowMs);
  const rows: Row[] = [];
  const queries: [string, number, (i: number) => Promise<unknown>][] = [
    ["top 100 (all time)", tops, () => board.top("all", 100, nowMs)],
    ["top 100 (weekly)", tops, () => board.top("weekly", 100, nowMs)],
    ["top 100 (all time) right after a change (cache miss)", tops, () => fresh().top("all", 100, nowMs)],
    ["rank of a player (all time)", ranks, (i) => board.rankOf(picks[i]!, "all", nowMs)],
    ["rank of a player (weekly)", ranks, (i) => board.rankOf(picks[i]!, "weekly", nowMs)],
  ];
  for (const [query, n, call] of queries) {
    const ms = await time(n, call);
    rows.push({ backend, query, n, p50: round(percentile(ms, 50), 3), p99: round(percentile(ms, 99), 3) });
    console.log(`  ${backend}: ${query} done`);
  }
  return rows;
}

async function seedPlayers(database: Database, label: string): Promise<string[]> {
  const t0 = performance.now();
  const ids = await insertSyntheticPlayers(database.db, { tag: "bench", count: players, seed, nowMs });
  console.log(`  ${label}: ${players} players inserted in ${round((performance.now() - t0) / 1000)} s`);
  return ids;
}

async function throwawayPostgres(): Promise<{ url: string; drop: () => Promise<void> }> {
  const adminUrl = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
  const name = `levelup_bench_${randomBytes(5).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  const setup: Record<string, number> = {};
  console.log(`leaderboard benchmark: ${players} players, ${tops} top-100 reads and ${ranks} rank look-ups per board`);

  if (backends.has("pglite")) {
    const database = await openDatabase({ dataDir: "memory://" });
    try {
      const ids = await seedPlayers(database, "pglite");
      rows.push(
        ...(await measure("SQL (PGlite)", new SqlLeaderboard(database.db), ids, () => new SqlLeaderboard(database.db))),
      );
    } finally {
      await database.close();
    }
  }

  if (backends.has("postgres") || backends.has("redis")) {
    const pgDb = await throwawayPostgres();
    const database = await openDatabase({ url: pgDb.url, poolSize: 4 });
    const redis = new Redis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379", { maxRetriesPerRequest: 2 });
    const prefix = `bench:lb:${randomBytes(4).toString("hex")}:`;
    try {
      const ids = await seedPlayers(database, "postgres");
      // As autovacuum would have by now: statistics, and the visibility map index-only scans need.
      await database.db.execute("vacuum analyze");
      if (backends.has("postgres"))
        rows.push(
          ...(await measure(
            "SQL (PostgreSQL)",
            new SqlLeaderboard(database.db),
            ids,
            () => new SqlLeaderboard(database.db),
          )),
        );
      if (backends.has("redis")) {
        const board = new RedisLeaderboard({ db: database.db, redis, prefix });
        const t0 = performance.now();
        await board.rebuild("all", nowMs);
        await board.rebuild("weekly", nowMs);
        setup.redisRebuildSeconds = round((performance.now() - t0) / 1000, 2);
        rows.push(
          ...(await measure("Redis", board, ids, () => new RedisLeaderboard({ db: database.db, redis, prefix }))),
        );
      }
    } finally {
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length > 0) await redis.del(...keys);
      await redis.quit();
      await database.close();
      await pgDb.drop();
    }
  }

  console.log("");
  console.table(rows.map((r) => ({ backend: r.backend, query: r.query, n: r.n, "p50 ms": r.p50, "p99 ms": r.p99 })));
  if (setup.redisRebuildSeconds !== undefined) {
    console.log(`Redis boards rebuilt from PostgreSQL (${players} players) in ${setup.redisRebuildSeconds} s`);
  }
  mkdirSync(path.dirname(resultsFile), { recursive: true });
  const machine = { node: process.version, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model };
  writeFileSync(
    resultsFile,
    `${JSON.stringify({ date: new Date().toISOString(), players, tops, ranks, machine, setup, results: rows }, null, 2)}\n`,
  );
  console.log(`written to ${path.relative(process.cwd(), resultsFile)}`);
}

await main();
