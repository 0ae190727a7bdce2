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
