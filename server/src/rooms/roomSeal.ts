import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Seals a room's creation options so only this server (not a client calling the matchmaker, which
 * anyone can) opens a room of that kind for those subjects: `room` is the room name, `subjects`
 * the option values the seal vouches for (a dungeon id, a session id and room id…).
 */
export function sealRoomOptions(secret: string, room: string, ...subjects: string[]): string {
  return createHmac("sha256", secret)
    .update(`${room}-room:${subjects.join(":")}`)
    .digest("base64url");
}

/** Whether `seal` is this server's seal of those options (compared in constant time). */
export function isSealedRoom(secret: string, seal: string | undefined, room: string, ...subjects: string[]): boolean {
  const expected = Buffer.from(sealRoomOptions(secret, room, ...subjects));
  const given = Buffer.from(seal ?? "");
  return expected.length === given.length && timingSafeEqual(expected, given);
}
