import { type IRoomCache, matchMaker } from "@colyseus/core";
import {
  CLASH_MAX_PLAYERS,
  type ClashJoinBody,
  type ClashQueueBody,
  type ClashRoomMetadata,
  clashRatingWindow,
  ErrorCode,
  RoomName,
} from "@levelup/shared";
import type { AppContext } from "../../context.ts";
import { AppError, conflict, notFound } from "../../errors.ts";
import type { AuthUser } from "../../services/auth/tokens.ts";
import { roomUser } from "../roomDoor.ts";
import { sealRoomOptions } from "../roomSeal.ts";
import { BucketLock } from "./bucketLock.ts";
import { type ClashRoomOptions, clashSealSubjects } from "./ClashRoom.ts";
import { bookedClashSeat } from "./clashSeatBook.ts";
import type { AdmitsClashPlayers, ClashAdmitResult, ClashApplicant, ClashSeat } from "./clashTypes.ts";

/**
 * The REST side of clash seats (docs/api.md, "Clashes"): the queue, invitations and links each
 * admit the player into a `clash` room (the room decides started / full, wherever it runs), then
 * reserve the seat for the player's user only.
 */

const locks = new WeakMap<AppContext, BucketLock>();
function lockOf(ctx: AppContext): BucketLock {
  let lock = locks.get(ctx);
  if (!lock) {
    lock = new BucketLock(ctx.redis, "clash:queue-lock");
    locks.set(ctx, lock);
  }
  return lock;
}

/**
 * POST /clashes/queue: the public lobby of the caller's language bucket closest to their rating
 * within each lobby's window (clashRatingWindow, widening while it waits), else a new one. Find
 * and create run under one lock per bucket for every process (bucketLock.ts): of two players
 * queueing at once, the second sees the lobby the first opened, with the first's seat counted.
 */
export async function queueForClash(ctx: AppContext, user: AuthUser, body: ClashQueueBody) {
  await refuseIfSeated(user.id);
  const applicant = await applicantOf(ctx, user);
  const language = body.language ?? "";
  return lockOf(ctx).run(`bucket:${language || "-"}`, async () => {
    const now = ctx.clock.now();
    const lobbies = (await clashRooms())
      .filter(
        ({ meta }) =>
          meta.phase === "lobby" &&
          !meta.private &&
          meta.language === language &&
          meta.players > 0 &&
          meta.players < CLASH_MAX_PLAYERS &&
          Math.abs(meta.rating - applicant.rating) <= clashRatingWindow(now - meta.openedAt),
      )
      .sort(
        (a, b) =>
          Math.abs(a.meta.rating - applicant.rating) - Math.abs(b.meta.rating - applicant.rating) ||
          a.meta.openedAt - b.meta.openedAt,
      );
    for (const { room } of lobbies) {
      // A lobby that filled, started or closed since it was listed is skipped.
      const admitted = await admit(room, applicant).catch(() => undefined);
      if (admitted?.ok) return reserve(room, user);
    }
    return openLobby(ctx, user, applicant, { private: false, language });
  });
}

/** POST /clashes/invite: a new private lobby, joined only by its link (never matched from the queue). */
export async function inviteToClash(ctx: AppContext, user: AuthUser) {
  await refuseIfSeated(user.id);
  return openLobby(ctx, user, await applicantOf(ctx, user), { private: true, language: "" });
}

/** POST /clashes/join: a seat in the lobby of an invitation link. */
export async function joinClash(ctx: AppContext, user: AuthUser, body: ClashJoinBody) {
  await refuseIfSeated(user.id);
  const room = await matchMaker.getRoomById(body.roomId);
  if (room?.name !== RoomName.clash) throw notFound("Clash");
  const admitted = await admit(room, await applicantOf(ctx, user));
  if (!admitted.ok) throw conflict(admitted.code, admitted.message);
  return reserve(room, user);
}

/** GET /clashes/live: public clashes not over, most watched first, from the listing every process shares. */
export async function liveClashes(limit: number) {
  return (await clashRooms())
    .filter(({ meta }) => !meta.private && meta.phase !== "ended")
    .map(({ room, meta }) => ({
      roomId: room.roomId,
      phase: meta.phase,
      mode: meta.mode,
      difficulty: meta.difficulty,
      players: meta.players,
      spectators: meta.spectators,
    }))
    .sort((a, b) => b.spectators - a.spectators || b.players - a.players || a.roomId.localeCompare(b.roomId))
    .slice(0, limit);
}

/** A player takes one clash at a time: a seat held in a clash not over refuses any other (409, with its room). */
async function refuseIfSeated(userId: string): Promise<void> {
  const roomId = await bookedClashSeat(userId);
  // An entry whose room is no longer listed is stale (its process died): nothing to ask.
  if (!roomId || !(await matchMaker.getRoomById(roomId))) return;
  const holds = await matchMaker.remoteRoomCall<AdmitsClashPlayers>(roomId, "seats", [userId]).catch(() => false); // the room is gone: the entry is stale
  if (holds) {
    throw new AppError(409, ErrorCode.CONFLICT, "You already have a seat in a clash", { roomId });
  }
}

async function applicantOf(ctx: AppContext, user: AuthUser): Promise<ClashApplicant> {
  const { rating } = await ctx.clashes.ratingOf(user.id);
  return { id: user.id, username: user.username, rating: Math.round(rating) };
}

async function openLobby(
  ctx: AppContext,
  user: AuthUser,
  applicant: ClashApplicant,
  options: Omit<ClashRoomOptions, "seal">,
) {
  const seal = sealRoomOptions(ctx.config.JWT_SECRET, RoomName.clash, ...clashSealSubjects(options));
  const room = await matchMaker.createRoom(RoomName.clash, { ...options, seal } satisfies ClashRoomOptions);
  const admitted = await admit(room, applicant);
  if (!admitted.ok) throw conflict(admitted.code, admitted.message);
  return reserve(room, user);
}

function admit(room: IRoomCache, applicant: ClashApplicant): Promise<ClashAdmitResult> {
  return matchMaker.remoteRoomCall<AdmitsClashPlayers>(room.roomId, "admit", [applicant]);
}

async function reserve(room: IRoomCache, user: AuthUser) {
  const seat: ClashSeat = { ...roomUser(user), seat: "player" };
  const reservation = await matchMaker.reserveSeatFor(room, {}, seat).catch((err: unknown) => {
    throw new AppError(409, ErrorCode.CONFLICT, "No seat left in this clash", undefined, { cause: err });
  });
  return { roomId: room.roomId, reservation };
}

async function clashRooms(): Promise<{ room: IRoomCache; meta: ClashRoomMetadata }[]> {
  const rooms = await matchMaker.query({ name: RoomName.clash });
  return rooms.flatMap((room) => {
    const meta = room.metadata as ClashRoomMetadata | undefined;
    return meta ? [{ room, meta }] : [];
  });
}
