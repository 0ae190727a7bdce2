import { parseArgs } from "node:util";
import { Redis } from "ioredis";
import { ConfigError, loadConfig } from "../../config.ts";
import { openDatabase } from "../../db/client.ts";
import { setRole } from "./adminRoles.ts";
import { announceUserChanged } from "./sessionRevocations.ts";

const usage = "usage: npm run admin -- --user NAME [--revoke]";

/**
 * `npm run admin -- --user NAME` makes an existing account an admin (`--revoke` makes it a player
 * again). Running servers see the change at once through Redis, else within 30 s (the user cache
 * of sessionRevocations.ts); the player's current tokens carry the new role, no new login needed.
 */
async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { user: { type: "string" }, revoke: { type: "boolean", default: false } },
  });
  if (!values.user) {
    console.error(usage);
    return 2;
  }
  const config = loadConfig();
  const database = await openDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR });
  try {
    const role = values.revoke ? "player" : "admin";
    const id = await setRole(database.db, values.user, role);
    if (!id) {
      console.error(`no account named ${values.user}`);
      return 1;
    }
    if (config.REDIS_URL) {
      const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 2 });
      await announceUserChanged(redis, id).finally(() => redis.quit());
    }
    console.log(`${values.user} is now ${role === "admin" ? "an admin" : "a player"}`);
    return 0;
  } finally {
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof ConfigError ? err.message : err);
    process.exit(1);
  },
);
