import type { Room } from "@colyseus/sdk";

/**
 * Leaves a room without waiting forever: `room.leave()` resolves when the server closes the
 * socket, which never happens if the room or its process is already gone.
 */
export function leave(room: Room, waitMs = 2_000): Promise<void> {
  return Promise.race([
    room.leave().then(
      () => undefined,
      () => undefined,
    ),
    new Promise<void>((resolve) => setTimeout(resolve, waitMs).unref()),
  ]);
}
