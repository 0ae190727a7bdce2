import type { Room } from "@colyseus/sdk";

/**
 * Rooms shared by the screens of one tab. A screen *acquires* a room by key and *releases* it when
 * it unmounts; the room is joined once, whoever asks first, and left only when nobody took it
 * back within a grace period. This is what lets a room survive the dungeon list → battle hand-over
 * (Room objects cannot travel through the router's state) and React's development double mount
 * (mount, unmount, mount again: the second mount must get the first one's room, not join again).
 */
interface Entry {
  room: Promise<Room>;
  users: number;
  timer?: ReturnType<typeof setTimeout>;
}

const entries = new Map<string, Entry>();

/** How long a released room waits for a screen to take it again before it is left (ms). */
const RELEASE_GRACE_MS = 1_000;
/** How long a room handed over by one screen waits for the next one to take it (ms). */
const HANDOVER_GRACE_MS = 15_000;

/** Hands a joined room over to the next screen, which acquires it under the same key. */
export function holdRoom(key: string, room: Room): void {
  const entry: Entry = { room: Promise.resolve(room), users: 0 };
  entries.set(key, entry);
  leaveLater(key, entry, HANDOVER_GRACE_MS);
}

/** The room held under `key`, or `join()`'s room, shared by every screen that acquires it meanwhile. */
export function acquireRoom(key: string, join: () => Promise<Room>): Promise<Room> {
  let entry = entries.get(key);
  if (!entry) {
    const created: Entry = { room: join(), users: 0 };
    created.room.catch(() => {
      if (entries.get(key) === created) entries.delete(key);
    });
    entries.set(key, created);
    entry = created;
  }
  clearTimeout(entry.timer);
  entry.timer = undefined;
  entry.users += 1;
  return entry.room;
}

/** Gives the room back; the seat is left once nobody acquired it again within the grace period. */
export function releaseRoom(key: string): void {
  const entry = entries.get(key);
  if (!entry) return;
  entry.users = Math.max(0, entry.users - 1);
  if (entry.users === 0) leaveLater(key, entry, RELEASE_GRACE_MS);
}

function leaveLater(key: string, entry: Entry, ms: number): void {
  clearTimeout(entry.timer);
  entry.timer = setTimeout(() => {
    if (entries.get(key) !== entry || entry.users > 0) return;
    entries.delete(key);
    entry.room
      .then((room) => (room.connection.isOpen ? room.leave(true) : undefined))
      .catch(() => {
        // Already gone: nothing to give up.
      });
  }, ms);
}
