import type { Server } from "@colyseus/core";
import { RoomName } from "@levelup/shared";
import { ClashRoom } from "./clash/ClashRoom.ts";
import { CodingRoom } from "./coding/CodingRoom.ts";
import { DungeonRoom } from "./dungeon/DungeonRoom.ts";
import { HubRoom } from "./hub/HubRoom.ts";
import { guardMatchmaking, guardSeats } from "./roomDoor.ts";

/** Every room type of the server, registered in one place, each behind the same door (roomDoor.ts). */
export function defineRooms(server: Server): void {
  guardMatchmaking();
  for (const [name, klass] of [
    [RoomName.hub, HubRoom],
    [RoomName.coding, CodingRoom],
    [RoomName.dungeon, DungeonRoom],
    [RoomName.clash, ClashRoom],
  ] as const) {
    guardSeats(klass);
    server.define(name, klass);
  }
}
