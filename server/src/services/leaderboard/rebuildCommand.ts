import { Redis } from "ioredis";
import { ConfigError, loadConfig } from "../../config.ts";
import { openDatabase } from "../../db/client.ts";
import { LEADERBOARD_KEY_PREFIX, RedisLeaderboard } from "./RedisLeaderboard.ts";

/**
 * `npm run leaderboard:rebuild`: replaces the Redis boards (all time and the current week) with
 * what the database holds, e.g. after Redis was flushed or missed updates while it was down.
 * Safe while servers run: grants keep updating the boards monotonically meanwhile.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.REDIS_URL) {
    console.log("REDIS_URL is not set: the leaderboards are read from the database and need no rebuild");
    return;
  }
  const database = await openDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR });
  const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 2 });
  try {
    const board = new RedisLeaderboard({ db: database.db, redis, prefix: LEADERBOARD_KEY_PREFIX });
    const now = Date.now();
    for (const period of ["all", "weekly"] as const) {
      const loaded = await board.rebuild(period, now);
      console.log(`leaderboard ${period}: ${loaded} players loaded from the database`);
    }
  } finally {
    await redis.quit();
    await database.close();
  }
}

main().catch((err) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
