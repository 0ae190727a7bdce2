import { ConfigError, loadConfig } from "../../config.ts";
import { openDatabase } from "../../db/client.ts";
import { removeBots } from "./botAccounts.ts";

/**
 * `npm run bots:remove`: deletes every account a load script registered as a bot, with its data,
 * in one transaction (botAccounts.ts). Bots never enter the leaderboards, so no board needs a rebuild.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const database = await openDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR });
  try {
    const removed = await removeBots(database.db);
    console.log(
      `removed ${removed.users} bot accounts, ${removed.battles} bot-only battles; hid ${removed.challengesHidden} bot-made challenges`,
    );
  } finally {
    await database.close();
  }
}

main().catch((err) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
