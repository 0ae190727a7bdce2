import type { Socket } from "node:net";
import { type Client, ClientState, type Room } from "@colyseus/core";
import {
  ErrorCode,
  ROOM_FLOOD_CLOSE_CODE,
  type RoomCodeName,
  type RoomErrorMessage,
  roomCodeOf,
} from "@levelup/shared";
import type { z } from "zod";
import { zodDetails } from "../errors.ts";
import type { AuthUser } from "../services/auth/tokens.ts";
import { roomDeps } from "./roomDeps.ts";

/**
 * How many messages one connection may send a room: a token bucket of `burst` messages refilled
 * at `perSecond`. A message beyond it is dropped (counted, never handled); a connection that
 * keeps sending — more than `cutAfter` dropped within `windowMs` — is closed with
 * ROOM_FLOOD_CLOSE_CODE (4429). It may reconnect or join again: the limit is per connection.
 */
export interface MessageLimits {
  perSecond: number;
  burst: number;
  cutAfter: number;
  windowMs: number;
}

interface Bucket {
  tokens: number;
  refilledAt: number;
  dropped: number;
  windowStart: number;
  cut: boolean;
}

const UNKNOWN_MESSAGE: RoomCodeName = "UNKNOWN_MESSAGE";

/** Where an `error` reply goes and what it says; also the message type refusals are sent as. */
const ERROR_MESSAGE = "error";

/**
 * Every message a room accepts goes through here, before any game code sees it: the sender's rate,
 * then the shared zod schema of its type; a message that fails either changes nothing. Handlers
 * get typed, valid payloads only; a handler that throws is logged once, not rethrown.
 */
export class MessageGuard {
  private readonly buckets = new WeakMap<Client, Bucket>();

  constructor(
    private readonly room: Room,
    private readonly label: string,
    private readonly limits: MessageLimits,
  ) {}

  /** Registers a message type: `handler` runs only for an allowed rate and a payload `schema` accepts. */
  on<S extends z.ZodType>(type: string, schema: S, handler: (client: Client, message: z.infer<S>) => unknown): void {
    this.room.onMessage(type, (client: Client, message: unknown) => {
      if (!this.admit(client)) return;
      const parsed = schema.safeParse(message);
      if (!parsed.success) {
        this.refuse(client, ErrorCode.VALIDATION_FAILED, `Invalid ${type}`, zodDetails(parsed.error));
        return;
      }
      this.run(type, () => handler(client, parsed.data));
    });
  }

  /** Any type not registered: rate-limited like the others, then refused with UNKNOWN_MESSAGE (or ignored). */
  onUnknown(reply: "refuse" | "ignore"): void {
    this.room.onMessage("*", (client: Client, type: unknown) => {
      if (!this.admit(client) || reply === "ignore") return;
      this.refuse(client, UNKNOWN_MESSAGE, `Unknown message ${String(type).slice(0, 64)}`);
    });
  }

  /** The room's `error` message to one client: its string code, its number and why; counted by code. */
  refuse(client: Client, code: string, message: string, details?: unknown): void {
    roomDeps().metrics.roomMessagesRejected.inc({ room: this.label, reason: code });
    const error: RoomErrorMessage = { code, roomCode: roomCodeOf(code), message };
    if (details !== undefined) error.details = details;
    client.send(ERROR_MESSAGE, error);
  }

  /** Spends one token of the sender's bucket; false (and counted) when the message is dropped. */
  private admit(client: Client): boolean {
    const now = Date.now();
    const { perSecond, burst, cutAfter, windowMs } = this.limits;
    let bucket = this.buckets.get(client);
    if (!bucket) {
      bucket = { tokens: burst, refilledAt: now, dropped: 0, windowStart: now, cut: false };
      this.buckets.set(client, bucket);
    }
    if (bucket.cut) return false;
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.refilledAt) / 1000) * perSecond);
    bucket.refilledAt = now;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return true;
    }
    const { metrics, refusals } = roomDeps();
    metrics.roomMessagesRejected.inc({ room: this.label, reason: "rate" });
    refusals.record("room.message_rate", (client.auth as AuthUser | undefined)?.id);
    if (now - bucket.windowStart > windowMs) {
      bucket.windowStart = now;
      bucket.dropped = 0;
    }
    if (++bucket.dropped > cutAfter) {
      bucket.cut = true;
      cutOff(client);
    }
    return false;
  }

  private run(type: string, handler: () => unknown): void {
    const failed = (err: unknown) =>
      roomDeps().logger.error({ err, roomId: this.room.roomId, type }, "room message handler failed");
    try {
      const result = handler();
      if (result instanceof Promise) result.catch(failed);
    } catch (err) {
      failed(err);
    }
  }
}

/**
 * Closes a flooding connection with ROOM_FLOOD_CLOSE_CODE and stops reading it at once: what it
 * already sent would otherwise still be parsed, frame by frame, on the room's event loop.
 */
function cutOff(client: Client): void {
  // As for any leaving client, Colyseus drops the frames of this chunk before decoding them.
  client.state = ClientState.LEAVING;
  client.leave(ROOM_FLOOD_CLOSE_CODE, "RATE_LIMITED: too many messages");
  const socket = (client as { ref?: { _socket?: Socket } }).ref?._socket;
  if (!socket) return;
  socket.pause();
  // Writes go out in order: once the close frame is flushed, the connection goes without a handshake.
  socket.write(Buffer.alloc(0), () => socket.destroy());
}
