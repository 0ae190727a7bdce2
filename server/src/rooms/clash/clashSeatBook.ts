import { roomDeps } from "../roomDeps.ts";

/**
 * Which clash each player holds a seat in, for every process (Colyseus presence: a Redis hash
 * with Redis, process memory without): a player takes one clash at a time. The room writes it
 * (admission, leave, forfeit, end, dispose); REST reads it before seating anyone. An entry whose
 * room is gone (its process died) is checked against the room and ignored.
 */
const SEATS_KEY = "clash:seats";

export async function claimClashSeat(userId: string, roomId: string): Promise<void> {
  await roomDeps().presence.hset(SEATS_KEY, userId, roomId);
}

/** Frees the player's entry if it still names this room (they may hold a newer seat elsewhere). */
export async function releaseClashSeat(userId: string, roomId: string): Promise<void> {
  const { presence } = roomDeps();
  if ((await presence.hget(SEATS_KEY, userId)) === roomId) await presence.hdel(SEATS_KEY, userId);
}

/** The room the player's entry names, if any (not checked against the room: see clashSeats.ts). */
export async function bookedClashSeat(userId: string): Promise<string | undefined> {
  return (await roomDeps().presence.hget(SEATS_KEY, userId)) ?? undefined;
}
