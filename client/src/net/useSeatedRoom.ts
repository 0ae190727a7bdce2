import type { Room } from "@colyseus/sdk";
import { useEffect, useState } from "react";
import { errorKey } from "../i18n/errors.ts";
import { useStore } from "../store/index.ts";
import { acquireRoom, releaseRoom } from "./pendingRoom.ts";

export interface SeatedRoomOptions<V> {
  /** The room as this tab's screens share it (roomKey): the previous screen may hold it already. */
  key: string;
  /** Joins the room when no screen holds it: a seat, the seat reclaimed after a reload, or a spectator's place. */
  join: () => Promise<Room>;
  /** The room's refusal (a RoomErrorMessage), shown as an error toast. */
  errorType: string;
  /** What the page reads from the room's state. */
  toView: (state: Record<string, unknown>) => V;
  /** Registers the page's own messages on the joined room. */
  listen: (room: Room) => void;
}

export interface SeatedRoom<V> {
  room: Room | undefined;
  view: V | undefined;
  error: unknown;
  /** The connection dropped and is being re-established. */
  dropped: boolean;
}

/**
 * A screen's place in a room (a party, a clash), kept while it is mounted. Acquired, not joined,
 * so that the room handed over by the previous screen is taken over, and a second mount of the
 * screen (React's strict mode in development) shares the first one's room instead of asking for
 * another seat. `join`, `toView` and `listen` must be defined once (module functions or
 * useCallback): a new one registers everything on the room again.
 */
export function useSeatedRoom<V>({ key, join, errorType, toView, listen }: SeatedRoomOptions<V>): SeatedRoom<V> {
  const [room, setRoom] = useState<Room>();
  const [view, setView] = useState<V>();
  const [error, setError] = useState<unknown>();
  const [dropped, setDropped] = useState(false);

  // The router keeps the screen when it goes to another room (a clash's join and watch routes share
  // it): nothing of the previous room stays.
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` is the reset trigger
  useEffect(() => {
    setRoom(undefined);
    setView(undefined);
    setError(undefined);
  }, [key]);

  useEffect(() => {
    let live = true;
    let joined: Room | undefined;
    acquireRoom(key, join)
      .then((r) => {
        if (!live) return;
        joined = r;
        // A room handed over by the previous screen may have received its first state already.
        const show = (s: { toJSON: () => Record<string, unknown> } | undefined) => s && setView(toView(s.toJSON()));
        show(r.state);
        r.onStateChange(show);
        listen(r);
        r.onMessage(errorType, (m: { code?: string }) =>
          useStore.getState().pushToast({ kind: "error", key: errorKey(m.code) }),
        );
        // Messages nothing listens for (yet) are ignored rather than warned about.
        r.onMessage("*", () => {});
        r.onDrop(() => setDropped(true));
        r.onReconnect(() => setDropped(false));
        setRoom(r);
      })
      .catch((e: unknown) => live && setError(e));
    return () => {
      live = false;
      joined?.removeAllListeners();
      releaseRoom(key);
    };
  }, [key, join, errorType, toView, listen]);

  return { room, view, error, dropped };
}
