import { HubPush, RoomName } from "@levelup/shared/protocol/rooms";
import { runBots } from "./lib/runBots.ts";
import { registerBot } from "./lib/target.ts";

/**
 * Hub load: every bot is a signed-in player holding its hub seat (one per connection) and
 * counting the pushes it receives.
 *   npm run loadtest:hub -w loadtest -- --numClients 200 --duration 30
 */
runBots({
  name: "hub",
  defaultRoom: "hub",
  maxClients: 2000,
  async bot({ base, client, tally }) {
    const user = await registerBot(base, "hub");
    client.auth.token = user.token;
    const t0 = performance.now();
    const room = await client.joinOrCreate(RoomName.hub);
    tally.time("join", performance.now() - t0);
    tally.count("joined");
    for (const type of Object.values(HubPush)) {
      room.onMessage(type, () => tally.count("pushes"));
    }
    room.onLeave(() => tally.count("left"));
  },
});
