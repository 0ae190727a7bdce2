import { keepPlaying, openDungeonId } from "./bots/dungeon.ts";
import { runBots } from "./lib/runBots.ts";
import { registerBot } from "./lib/target.ts";

/**
 * Dungeon load: each group of 6 bots is a party of 4 players playing real turns (an attack a second
 * by whoever's turn it is) and 2 spectators watching; when a battle ends the party opens the next
 * one, so the load stays steady play. --numClients counts parties.
 *   npm run loadtest:dungeon -w loadtest -- --numClients 20 --duration 60
 */
runBots({
  name: "dungeon",
  defaultRoom: "dungeon",
  maxClients: 200,
  async bot({ base, tally, done }) {
    const players = await Promise.all([0, 1, 2, 3].map(() => registerBot(base, "dng")));
    const spectators = await Promise.all([0, 1].map(() => registerBot(base, "spec")));
    const dungeonId = await openDungeonId(base, players[0]!);
    const t0 = performance.now();
    const party = await keepPlaying(base, [...players, ...spectators], {
      dungeonId,
      tally,
      onParty: () => tally.count("battles"),
    });
    tally.time("partyFormed", performance.now() - t0);
    tally.count("parties");
    tally.count("clients", 6);
    void done.then(() => party.stop());
  },
});
