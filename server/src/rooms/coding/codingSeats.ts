import { generateId, matchMaker } from "@colyseus/core";
import { ErrorCode, RoomName } from "@levelup/shared";
import { conflict } from "../../errors.ts";
import type { AuthUser } from "../../services/auth/tokens.ts";
import type { Clock } from "../../services/clock.ts";
import { type CodingSessions, ROOM_CLAIM_TIMEOUT_MS } from "../../services/coding/CodingSessions.ts";
import { roomUser } from "../roomDoor.ts";
import { isSealedRoom, sealRoomOptions } from "../roomSeal.ts";

/** Options the server creates a `coding` room with; `seal` proves the server (not a client) asked. */
export interface CodingRoomOptions {
  sessionId: string;
  /** The room id claimed for the session before the room was created; the room takes it as its id. */
  roomId: string;
  seal: string;
}

/** How long a start waits for a room another request is creating for the same session, before a 409. */
const SEAT_WAIT_MS = 10_000;

/** Whether room-creation options were made by this server for that session and room (clients can call the matchmaker too). */
export function isSealed(secret: string, options: CodingRoomOptions): boolean {
  return isSealedRoom(secret, options.seal, RoomName.coding, options.sessionId, options.roomId);
}

/**
 * A seat in the session's one `coding` room, on whichever process hosts it. The room id is
 * claimed in the session row (compare and set) before the room is created, so of concurrent
 * starts one creates the room and the others get seats in it, or a 409 when it does not appear
 * (or stays full) in time. Only a claim whose room is gone (its process died) is taken over: the
 * old room then can no longer pay, since the session names the new one. Each seat is reserved
 * for the owner, so only a connection with the owner's token can take it (roomDoor.ts).
 */
export async function reserveCodingSeat(
  deps: { sessions: CodingSessions; clock: Clock; secret: string },
  session: { id: string; roomId: string | null; roomClaimedAt: Date | null },
  owner: AuthUser,
): Promise<{ roomId: string; reservation: Awaited<ReturnType<typeof matchMaker.reserveSeatFor>> }> {
  const deadline = Date.now() + SEAT_WAIT_MS;
  let current = session;
  for (;;) {
    if (current.roomId) {
      const listed = await matchMaker.getRoomById(current.roomId);
      if (listed) {
        try {
          return { roomId: listed.roomId, reservation: await matchMaker.reserveSeatFor(listed, {}, roomUser(owner)) };
        } catch {
          // Full (seats of the owner's other tabs and starts) or closing: never a second room; wait.
        }
      }
      const claimedLately = deps.clock.now() - (current.roomClaimedAt?.getTime() ?? 0) < ROOM_CLAIM_TIMEOUT_MS;
      if (listed || claimedLately) {
        // The room is full or closing, or another request is creating it: look again shortly.
        if (Date.now() > deadline) throw conflict(ErrorCode.CONFLICT, "The coding room is busy or starting; try again");
        await new Promise((r) => setTimeout(r, 100));
        current = await reread(deps.sessions, current.id);
        continue;
      }
    }
    const roomId = generateId();
    if (await deps.sessions.claimRoom(current.id, current.roomId, roomId)) {
      const options: CodingRoomOptions = {
        sessionId: current.id,
        roomId,
        seal: sealRoomOptions(deps.secret, RoomName.coding, current.id, roomId),
      };
      try {
        const room = await matchMaker.createRoom("coding", options);
        return { roomId: room.roomId, reservation: await matchMaker.reserveSeatFor(room, {}, roomUser(owner)) };
      } catch (err) {
        await deps.sessions.releaseRoom(current.id, roomId);
        throw err;
      }
    }
    // Another request claimed it first: look again.
    current = await reread(deps.sessions, current.id);
  }
}

async function reread(sessions: CodingSessions, sessionId: string) {
  const row = await sessions.get(sessionId);
  if (row?.status !== "active") throw conflict(ErrorCode.ALREADY_ENDED, "This coding session has ended");
  return row;
}
