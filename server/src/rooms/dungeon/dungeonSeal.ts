import { createHmac, timingSafeEqual } from "node:crypto";

/** Seals room-creation options so only this server (not a client calling the matchmaker) opens dungeon rooms. */
export function sealDungeonOptions(secret: string, subject: string): string {
  return createHmac("sha256", secret).update(`dungeon-room:${subject}`).digest("base64url");
}

export function isSealedDungeon(secret: string, subject: string, seal: string | undefined): boolean {
  const expected = Buffer.from(sealDungeonOptions(secret, subject));
  const given = Buffer.from(seal ?? "");
  return expected.length === given.length && timingSafeEqual(expected, given);
}
