import type { AppContext } from "../context.ts";
import { restoreBattleRoom } from "../rooms/dungeon/dungeonSeats.ts";
import type { RoomsLost } from "./clusterHealth.ts";

/** How long a process's claim to rebuild a battle stands (it is released at once if the rebuild fails). */
const CLAIM_SECONDS = 300;

/**
 * What to do with the rooms of a process that died or drained: every unfinished dungeon battle is
 * rebuilt, under the same room id, from its seed and action log in `battles` (stored in batches,
 * at most ACTION_FLUSH_MS behind: a process that died loses only that window's actions), on
 * whichever live process the matchmaker picks. Its
 * players come back with POST /dungeons/battle {partyRoomId}, spectators with joinById. Several
 * processes may report the same loss: a Redis counter lets exactly one of them rebuild each battle.
 * Coding rooms need nothing here: their sessions are saved every few seconds and end once.
 */
export function rebuildLostRooms(ctx: AppContext): RoomsLost {
  return async (rooms) => {
    for (const room of rooms) {
      if (room.name !== "dungeon") continue;
      const battle = await ctx.dungeons.findByRoom(room.roomId);
      if (battle?.status !== "battle") continue;
      const claim = `cluster:rebuild:${battle.id}`;
      if ((await ctx.presence.incr(claim)) !== 1) continue;
      await ctx.presence.expire(claim, CLAIM_SECONDS);
      try {
        await restoreBattleRoom(ctx, battle.id);
        ctx.logger.info(
          { roomId: room.roomId, battleId: battle.id, from: room.processId },
          "battle rebuilt from its log",
        );
      } catch (err) {
        ctx.presence.del(claim);
        ctx.logger.error({ err, roomId: room.roomId, battleId: battle.id }, "battle rebuild failed");
      }
    }
  };
}
