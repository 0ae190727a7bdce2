import { createInterface } from "node:readline";
import { Client } from "@colyseus/sdk";
import { DungeonMessage } from "@levelup/shared";

/**
 * A hostile player in a process of its own (so that its sending does not load the server's event
 * loop, which the test measures): takes a dungeon seat, says `ready`, prints "joined"; on the line
 * "go" sends `count` copies of one message at once, then prints the close code it got.
 * argv: url token reservation-json type payload-json count
 */
const [url, token, reservation, type, payload, count] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
  string,
  string,
];
const client = new Client(url);
client.auth.token = token;
const room = await client.consumeSeatReservation(JSON.parse(reservation));
room.reconnection.enabled = false;
room.onMessage("*", () => {});
const closed = new Promise<number>((resolve) => room.onLeave((code) => resolve(code)));
room.send(DungeonMessage.ready);
console.log("joined");
for await (const line of createInterface({ input: process.stdin })) {
  if (line !== "go") continue;
  floodWith(captureFrame(type, JSON.parse(payload)), Number(count));
  console.log(`closed ${await closed}`);
  process.exit(0);
}

/** The bytes the SDK sends for one message (captured instead of sent). */
function captureFrame(messageType: string, message: unknown): Buffer {
  const connection = room.connection as unknown as { send(data: Uint8Array): void };
  const send = connection.send;
  let bytes: Uint8Array | undefined;
  connection.send = (data) => {
    bytes = data;
  };
  room.send(messageType, message);
  connection.send = send;
  return Buffer.from(bytes as Uint8Array);
}

/**
 * `count` WebSocket frames of `payload` written to the socket at once: the whole flood arrives
 * as fast as the network carries it, and building it costs this process almost nothing (a zero
 * mask leaves the payload as is), so the CPU the test sees spent is the server's.
 */
function floodWith(payload: Buffer, times: number): void {
  if (payload.length >= 126) throw new Error("flood frames are small");
  const frame = Buffer.concat([Buffer.from([0x82, 0x80 | payload.length, 0, 0, 0, 0]), payload]);
  const socket = (room.connection as unknown as { transport: { ws: { _socket: { write(b: Buffer): void } } } })
    .transport.ws._socket;
  socket.write(Buffer.concat(Array.from({ length: times }, () => frame)));
}
