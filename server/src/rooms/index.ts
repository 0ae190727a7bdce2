import type { Server } from "@colyseus/core";
import { CodingRoom } from "./coding/CodingRoom.ts";
import { DungeonRoom } from "./dungeon/DungeonRoom.ts";
import { HubRoom } from "./hub/HubRoom.ts";

/** Every room type of the server, registered in one place. */
export function defineRooms(server: Server): void {
  server.define("hub", HubRoom);
  server.define("coding", CodingRoom);
  server.define("dungeon", DungeonRoom);
}
