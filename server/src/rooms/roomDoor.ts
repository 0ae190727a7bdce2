import { type AuthContext, type Client, matchMaker, type Room } from "@colyseus/core";
import { ErrorCode, RoomName } from "@levelup/shared";
import type { AuthUser } from "../services/auth/tokens.ts";
import { authenticateRoomClient, refuseSeat } from "./roomDeps.ts";

/**
 * The door of every room, in three places, so that no matchmaking path lets a client in without
 * a valid token, nor into a seat that is not its own:
 * - `signedIn`, every room's static onAuth: create, joinOrCreate, join and joinById run it
 *   before a room is created or a seat reserved (Colyseus 0.18 calls it with the request's token);
 * - `guardMatchmaking`: clients may open no room but the hub, and a reconnection token works only
 *   for the user it was issued to (the matchmaker's `reconnect` runs no onAuth at all);
 * - `guardSeats`: the WebSocket that takes a seat (a reservation or a reconnection) must
 *   carry a token of the seat's user, so a reservation or reconnection token alone is worth nothing.
 * What a signed-in user may do inside (owner only, party or spectator) each room decides in onJoin.
 */

/** A user as a room sees it: Colyseus takes a `sessionId` of auth data as the seat's session id. */
export type RoomUser = Omit<AuthUser, "sessionId">;

/** Exactly the user's fields, without the token's session id (Colyseus would take it as the seat's). */
export function roomUser(user: AuthUser): RoomUser {
  return { id: user.id, username: user.username, role: user.role };
}

/** Every room's static onAuth: a signed-in user (token in `client.auth.token` or the `token` option). */
export async function signedIn(_token: string, options: unknown, context: AuthContext): Promise<RoomUser> {
  return roomUser(await authenticateRoomClient(options, context));
}

/**
 * Matchmaking methods that name a room type; the only room clients may open or join by type is
 * the hub (signed in: the static onAuth runs first). Coding and dungeon rooms are opened by REST.
 */
const byTypeAllowed: Record<string, readonly string[]> = {
  create: [RoomName.hub],
  joinOrCreate: [RoomName.hub],
  join: [RoomName.hub],
};

type InvokeMethod = typeof matchMaker.controller.invokeMethod;
let guarded = false;

/** Wraps the matchmaker's HTTP entry (process-global, once) with the two rules above. */
export function guardMatchmaking(): void {
  if (guarded) return;
  guarded = true;
  const invoke: InvokeMethod = matchMaker.controller.invokeMethod.bind(matchMaker.controller);
  matchMaker.controller.invokeMethod = async (method, roomNameOrId, clientOptions = {}, authContext) => {
    const allowedTypes = byTypeAllowed[method];
    if (allowedTypes && !allowedTypes.includes(roomNameOrId)) {
      // An unknown type is "not found" (Colyseus' own refusal), a known one is forbidden.
      matchMaker.getHandler(roomNameOrId);
      throw refuseSeat(ErrorCode.FORBIDDEN, `Rooms of type "${roomNameOrId}" are not opened or joined this way`);
    }
    if (method === "reconnect") await checkReconnection(roomNameOrId, clientOptions, authContext);
    return invoke(method, roomNameOrId, clientOptions, authContext);
  };
}

/** Before the matchmaker looks at a reconnection token (it would close the seat's live connection): whose seat is it? */
async function checkReconnection(roomId: string, clientOptions: unknown, authContext: AuthContext | undefined) {
  const user = await authenticateRoomClient(undefined, authContext as AuthContext);
  const reconnectionToken = (clientOptions as { reconnectionToken?: unknown } | undefined)?.reconnectionToken;
  if (typeof reconnectionToken !== "string")
    throw refuseSeat(ErrorCode.VALIDATION_FAILED, "reconnectionToken is required");
  let holder: string | undefined;
  try {
    holder = await matchMaker.remoteRoomCall(roomId, "reconnectionHolder", [reconnectionToken]);
  } catch {
    holder = undefined; // no such room (anymore): the matchmaker answers that itself below
  }
  if (holder !== undefined && holder !== user.id) {
    throw refuseSeat(ErrorCode.FORBIDDEN, "This reconnection token belongs to another user");
  }
}

/** Colyseus' private seat book, read (never written) to know whose seat a connection asks for. */
interface SeatBook {
  _reservedSeats: Record<string, [unknown, AuthUser | undefined, boolean, boolean]>;
  _reconnections: Record<string, [string, unknown]>;
  clients: Client[] & { getById(sessionId: string): Client | undefined };
}

/**
 * The user id of the seat a reconnection token would take back, or undefined when the token is
 * not (or no longer) valid. Installed on every room by `guardSeats`, called through the
 * matchmaker from whichever process serves the request.
 */
function reconnectionHolder(this: Room, reconnectionToken: string): string | undefined {
  const book = this as unknown as SeatBook;
  const sessionId = book._reconnections[reconnectionToken]?.[0];
  const waiting = sessionId ? book._reservedSeats[sessionId]?.[1] : undefined;
  if (waiting) return waiting.id;
  const live = book.clients.find((c) => c.reconnectionToken === reconnectionToken);
  return (live?.auth as AuthUser | undefined)?.id;
}

type OnJoin = (
  client: Client,
  authContext: AuthContext,
  connectionOptions?: { reconnectionToken?: string },
) => Promise<void>;

/**
 * Wraps a room class's (private) `_onJoin`, where Colyseus seats a WebSocket, so the connection
 * must prove it is the seat's user before anything is consumed: the seat's auth data (set by
 * onAuth or by the server that reserved it) against the token of the connection (or the one the
 * seat was asked with). A refused connection leaves the seat, and a waiting reconnection, intact.
 */
export function guardSeats(klass: typeof Room<any>): void {
  const proto = klass.prototype as unknown as { _onJoin: OnJoin; reconnectionHolder: typeof reconnectionHolder };
  if (Object.hasOwn(proto, "reconnectionHolder")) return; // registered by an earlier server of this process
  proto.reconnectionHolder = reconnectionHolder;
  const seat: OnJoin = proto._onJoin;
  proto._onJoin = async function (this: Room, client, authContext, connectionOptions) {
    const book = this as unknown as SeatBook;
    const reserved = book._reservedSeats[client.sessionId];
    const holder =
      reserved?.[1] ??
      (connectionOptions?.reconnectionToken ? (book.clients.getById(client.sessionId)?.auth as AuthUser) : undefined);
    if (!holder?.id) throw refuseSeat(ErrorCode.FORBIDDEN, "This seat was not reserved for a signed-in user");
    const user = await authenticateRoomClient(reserved?.[0], authContext);
    if (user.id !== holder.id) throw refuseSeat(ErrorCode.FORBIDDEN, "This seat belongs to another user");
    return seat.call(this, client, authContext, connectionOptions);
  };
}
