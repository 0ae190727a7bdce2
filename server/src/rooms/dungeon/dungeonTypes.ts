import type { PartyMember } from "@levelup/shared";
import type { AuthUser } from "../../services/auth/tokens.ts";

/**
 * What the room and the code that seats players (dungeonSeats.ts) share, in a module of its own
 * so that neither imports the other.
 */

/** Who a seat is for: a player (reserved by POST /dungeons/battle); spectators join with their plain user. */
export interface DungeonSeat extends Omit<AuthUser, "sessionId"> {
  seat: "player";
}

/** The answer of `admit`, called through the matchmaker from whichever process serves the request. */
export type AdmitResult = { ok: true } | { ok: false; code: string; message: string };

/** The part of a `dungeon` room other processes call through `matchMaker.remoteRoomCall`. */
export interface AdmitsPlayers {
  admit(member: PartyMember): AdmitResult;
}
