import { createHmac, timingSafeEqual } from "node:crypto";
import { matchMaker } from "@colyseus/core";
import type { AuthUser } from "../../services/auth/tokens.ts";
import type { CodingSessions } from "../../services/coding/CodingSessions.ts";
import { roomUser } from "../roomDoor.ts";

/** Options the server creates a `coding` room with; `seal` proves the server (not a client) asked. */
export interface CodingRoomOptions {
  sessionId: string;
  seal: string;
}

function sealFor(secret: string, sessionId: string): string {
  return createHmac("sha256", secret).update(`coding-room:${sessionId}`).digest("base64url");
}

/** Whether room-creation options were made by this server for that session (clients can call the matchmaker too). */
export function isSealed(secret: string, sessionId: string, seal: string): boolean {
  const expected = Buffer.from(sealFor(secret, sessionId));
  const given = Buffer.from(seal);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/**
 * A seat for the session's owner in the session's `coding` room, on whichever process hosts it:
 * the room bound to the session when it still runs, otherwise a new room (which resumes from the
 * saved figures). Only a connection with the owner's token can take it (roomDoor.ts).
 */
export async function reserveCodingSeat(
  sessions: CodingSessions,
  secret: string,
  session: { id: string; roomId: string | null },
  owner: AuthUser,
): Promise<{ roomId: string; reservation: Awaited<ReturnType<typeof matchMaker.reserveSeatFor>> }> {
  if (session.roomId) {
    const listed = await matchMaker.getRoomById(session.roomId);
    if (listed) {
      try {
        return { roomId: listed.roomId, reservation: await matchMaker.reserveSeatFor(listed, {}, roomUser(owner)) };
      } catch {
        // full or disposing: the room is on its way out; a new one takes the session below
      }
    }
    await sessions.releaseRoom(session.id, session.roomId);
  }
  const options: CodingRoomOptions = { sessionId: session.id, seal: sealFor(secret, session.id) };
  const room = await matchMaker.createRoom("coding", options);
  return { roomId: room.roomId, reservation: await matchMaker.reserveSeatFor(room, {}, roomUser(owner)) };
}
