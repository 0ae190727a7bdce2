import type { Room } from "@colyseus/sdk";
import type { ClashLocaleName } from "@levelup/shared/protocol/clash";
import { api } from "../../net/api.ts";
import { consumeSeat, gameClient, reclaimSeat, rememberSeat, roomKey, type SeatResponse } from "../../net/colyseus.ts";
import { acquireRoom, holdRoom } from "../../net/pendingRoom.ts";
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
 * The clash room, shared by the screens of this tab (React's development double mount included):
 * the seat handed over by the clash page, or reclaimed after a reload, or taken by the link.
 */
export function openClashRoom(roomId: string, spectate: boolean): { key: string; room: Promise<Room> } {
  const key = roomKey(roomId, spectate);
  return { key, room: acquireRoom(key, () => (spectate ? watch(roomId) : joinAsPlayer(roomId))) };
}
