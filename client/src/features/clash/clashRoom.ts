import type { Room } from "@colyseus/sdk";
import type { ClashLocaleName } from "@levelup/shared/protocol/clash";
import { api } from "../../net/api.ts";
import { consumeSeat, gameClient, reclaimSeat, rememberSeat, roomKey, type SeatResponse } from "../../net/colyseus.ts";
import { holdRoom } from "../../net/pendingRoom.ts";
import { useStore } from "../../store/index.ts";

/** Where a player's clash is played, and the link that invites a friend into its lobby. */
export const clashPath = (roomId: string) => `/clash/join/${encodeURIComponent(roomId)}`;
export const watchPath = (roomId: string) => `/clash/watch/${encodeURIComponent(roomId)}`;

/**
 * Takes a seat from REST (the queue, a new private lobby) and hands the joined room to the clash
 * screen, which acquires it under the same key (net/pendingRoom.ts).
 */
export async function takeSeat(
  path: "/api/game/clashes/queue" | "/api/game/clashes/invite",
  body: { language?: ClashLocaleName } = {},
): Promise<string> {
  const room = await consumeSeat(await api<SeatResponse>("POST", path, body));
  rememberSeat(room);
  holdRoom(roomKey(room.roomId), room);
  return room.roomId;
}

/** A player's seat: the one this tab had before a reload, else a new one by the invitation link. */
async function joinAsPlayer(roomId: string): Promise<Room> {
  const room =
    (await reclaimSeat(roomId)) ??
    (await consumeSeat(await api<SeatResponse>("POST", "/api/game/clashes/join", { roomId })));
  rememberSeat(room);
  return room;
}

/** Spectators join a live clash by its id, read-only (shared/src/protocol/clash.ts, clashJoinOptions). */
function watch(roomId: string): Promise<Room> {
  return gameClient().joinById(roomId, { spectate: true, token: useStore.getState().accessToken ?? undefined });
}

/**
 * The clash room when the clash page did not hand it over: a player's seat (reclaimed after a
 * reload, or taken by the link), or a spectator's place.
 */
export function joinClash(roomId: string, spectate: boolean): Promise<Room> {
  return spectate ? watch(roomId) : joinAsPlayer(roomId);
}
