import type { Room } from "@colyseus/sdk";

/**
 * A room joined on one screen and used by the next (dungeon list → battle): Room objects cannot
 * travel through the router's state, so the list hands it over here.
 */
const held = new Map<string, Room>();

export function holdRoom(room: Room): void {
  held.set(room.roomId, room);
}

export function takeRoom(roomId: string): Room | undefined {
  const room = held.get(roomId);
  held.delete(roomId);
  return room;
}

/** How long a released room waits for a screen to take it again before it is left (ms). */
const RELEASE_GRACE_MS = 200;

/**
 * Gives a room back instead of leaving it at once: a screen that re-mounts right away (React's
 * strict mode does, in development) takes it again; otherwise the seat is given up.
 */
export function releaseRoom(room: Room): void {
  holdRoom(room);
  setTimeout(() => {
    if (held.get(room.roomId) === room) {
      held.delete(room.roomId);
      if (room.connection.isOpen) void room.leave(true).catch(() => {});
    }
  }, RELEASE_GRACE_MS);
}
