import type { RoomUser } from "../roomDoor.ts";

/**
 * What the room and the code that seats players (clashSeats.ts) share, in a module of its own so
 * that neither imports the other.
 */

/** Who a player's seat is for (reserved by REST); spectators join with their plain user. */
export interface ClashSeat extends RoomUser {
  seat: "player";
}

/** A player asking for a seat, with the rating the room shows and matches on. */
export interface ClashApplicant {
  id: string;
  username: string;
  rating: number;
}

/** The answer of `admit`, called through the matchmaker from whichever process serves the request. */
export type ClashAdmitResult = { ok: true } | { ok: false; code: string; message: string };

/** The part of a `clash` room other processes call through `matchMaker.remoteRoomCall`. */
export interface AdmitsClashPlayers {
  admit(applicant: ClashApplicant): Promise<ClashAdmitResult>;
  /** Whether the user holds a seat there (a player not forfeited, in a clash not over). */
  seats(userId: string): boolean;
}
