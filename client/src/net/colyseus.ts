import { Client, type Room } from "@colyseus/sdk";
import { useStore } from "../store/index.ts";

/** The Colyseus client for this page's origin (Vite's dev server proxies it to the game server). */
let client: Client | undefined;

export function gameClient(): Client {
  client ??= new Client(`${location.protocol}//${location.host}`);
  client.auth.token = useStore.getState().accessToken ?? "";
  return client;
}

/** A seat handed out by a REST route (`{roomId, reservation}`), turned into a joined room. */
export interface SeatResponse {
  roomId: string;
  reservation: unknown;
}

export function consumeSeat(seat: SeatResponse): Promise<Room> {
  return gameClient().consumeSeatReservation(seat.reservation as Parameters<Client["consumeSeatReservation"]>[0]);
}

export function watchBattle(roomId: string): Promise<Room> {
  return gameClient().joinById(roomId, { spectate: true, token: useStore.getState().accessToken });
}

/** The key under which a party room is shared between screens (net/pendingRoom.ts). */
export function roomKey(roomId: string, spectate = false): string {
  return `${spectate ? "spectator" : "player"}:${roomId}`;
}

/** Where this tab keeps a party seat's reconnection token, so a page reload gets the same seat back. */
const seatKey = (roomId: string) => `levelup.seat.${roomId}`;

export function rememberSeat(room: Room): void {
  sessionStorage.setItem(seatKey(room.roomId), room.reconnectionToken);
}

/** A reloaded page finds its old connection still waiting on the server for a moment: a few tries. */
const RECONNECT_TRIES = 3;
const RECONNECT_PAUSE_MS = 700;

/** The seat this tab held in the room before a reload, if the room still keeps it. */
export async function reclaimSeat(roomId: string): Promise<Room | undefined> {
  const token = sessionStorage.getItem(seatKey(roomId));
  for (let i = 0; token && i < RECONNECT_TRIES; i++) {
    try {
      return await gameClient().reconnect(token);
    } catch {
      await new Promise((resolve) => setTimeout(resolve, RECONNECT_PAUSE_MS));
    }
  }
  sessionStorage.removeItem(seatKey(roomId));
  return undefined;
}
