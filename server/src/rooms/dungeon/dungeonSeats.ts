import { type IRoomCache, matchMaker } from "@colyseus/core";
import { type DungeonRoomMetadata, ErrorCode, RoomName, type StartBattleBody } from "@levelup/shared";
import type { AppContext } from "../../context.ts";
import { AppError, conflict, notFound } from "../../errors.ts";
import type { AuthUser } from "../../services/auth/tokens.ts";
import { roomUser } from "../roomDoor.ts";
import { sealRoomOptions } from "../roomSeal.ts";
import type { AdmitResult, AdmitsPlayers, DungeonSeat } from "./dungeonTypes.ts";

/**
 * POST /dungeons/battle: checks the level, admits the player into a new party or the invited one
 * (the room itself decides full / locked / fighting, wherever it runs), then reserves the seat.
 */
export async function seatInDungeon(ctx: AppContext, user: AuthUser, body: StartBattleBody) {
  const dungeon = ctx.dungeons.requireDungeon(body.dungeonId);
  const member = await ctx.dungeons.entering(user.id, dungeon);
  let room: IRoomCache;
  if (body.partyRoomId) {
    const found = await matchMaker.getRoomById(body.partyRoomId);
    if (found?.name !== RoomName.dungeon) throw notFound("Party");
    if ((found.metadata as DungeonRoomMetadata | undefined)?.dungeonId !== dungeon.id) {
      throw conflict(ErrorCode.CONFLICT, "That party is going to another dungeon");
    }
    room = found;
  } else {
    room = await matchMaker.createRoom(RoomName.dungeon, {
      dungeonId: dungeon.id,
      seal: sealRoomOptions(ctx.config.JWT_SECRET, RoomName.dungeon, dungeon.id),
    });
  }
  const admitted: AdmitResult = await matchMaker.remoteRoomCall<AdmitsPlayers>(room.roomId, "admit", [member]);
  if (!admitted.ok) throw conflict(admitted.code, admitted.message);
  const seat: DungeonSeat = { ...roomUser(user), seat: "player" };
  const reservation = await matchMaker.reserveSeatFor(room, {}, seat).catch((err: unknown) => {
    throw new AppError(409, ErrorCode.PARTY_FULL, "No seat left in this party", undefined, { cause: err });
  });
  return { roomId: room.roomId, reservation };
}

/** Up to `limit` battles open to spectators, most watched first, from the matchmaker's listing (shared by every process with Redis). */
export async function liveBattles(limit: number) {
  const rooms = await matchMaker.query({ name: RoomName.dungeon });
  return rooms
    .map((r) => ({ roomId: r.roomId, meta: r.metadata as DungeonRoomMetadata | undefined }))
    .filter((r) => r.meta && (r.meta.phase === "waiting" || r.meta.phase === "battle"))
    .map(({ roomId, meta }) => ({
      roomId,
      dungeonId: meta?.dungeonId ?? "",
      players: meta?.players ?? 0,
      spectators: meta?.spectators ?? 0,
      round: meta?.round ?? 0,
      phase: meta?.phase ?? "waiting",
    }))
    .sort((a, b) => b.spectators - a.spectators || a.roomId.localeCompare(b.roomId))
    .slice(0, limit);
}

/**
 * Rebuilds an unfinished battle whose process died into a new `dungeon` room on this process,
 * with the same room id, from its stored seed, party and action log. Its players come back
 * with POST /dungeons/battle {dungeonId, partyRoomId: roomId}, spectators with joinById(roomId).
 */
export async function restoreBattleRoom(ctx: AppContext, battleId: string): Promise<IRoomCache> {
  return matchMaker.createRoom(RoomName.dungeon, {
    restoreBattleId: battleId,
    seal: sealRoomOptions(ctx.config.JWT_SECRET, RoomName.dungeon, battleId),
  });
}
