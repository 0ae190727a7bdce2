import { typeAway, joinCodingSession } from "./bots/coding.ts";
import { runBots } from "./lib/runBots.ts";
import { registerBot } from "./lib/target.ts";

/**
 * Coding-session load: every bot is a player with its own live session (POST /coding/start, then
 * the room seat it returned) sending a realistic `coding_update` every --interval ms (default 1000).
 *   npm run loadtest:coding -w loadtest -- --numClients 500 --duration 60
 */
const interval = Math.max(50, Number(process.argv[process.argv.indexOf("--interval") + 1]) || 1000);

runBots({
  name: "coding",
  defaultRoom: "coding",
  maxClients: 1000,
  async bot({ clientId, base, client, tally, done }) {
    const user = await registerBot(base, "code");
    const t0 = performance.now();
    const bot = await joinCodingSession(base, client, user, clientId);
    tally.time("startAndJoin", performance.now() - t0);
    tally.count("sessions");
    typeAway(bot, interval, tally, done);
  },
});
