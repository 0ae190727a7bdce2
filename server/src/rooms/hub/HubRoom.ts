import { type AuthContext, type Client, Room } from "@colyseus/core";
import type { AuthUser } from "../../services/auth/tokens.ts";
import type { HubEnvelope } from "../../realtime/Notifier.ts";
import { authenticateRoomClient, roomDeps } from "../roomDeps.ts";

/**
 * Every signed-in client holds one seat here. The room has no game state: it subscribes to
 * each connected user's push channel and forwards pushes to that user's connections only.
 */
export class HubRoom extends Room {
  override maxClients = 1000;
  private readonly listeners = new Map<string, (msg: HubEnvelope) => void>();

  override onCreate(): void {
    this.setPatchRate(null);
    // Clients only listen here; an unexpected message is ignored rather than an error.
    this.onMessage("*", () => {});
  }

  override async onAuth(_client: Client, options: unknown, context: AuthContext): Promise<AuthUser> {
    return authenticateRoomClient(options, context);
  }

  override async onJoin(client: Client): Promise<void> {
    const userId = (client.auth as AuthUser).id;
    if (this.listeners.has(userId)) return;
    const listener = (msg: HubEnvelope) => {
      for (const c of this.clients) {
        if ((c.auth as AuthUser | undefined)?.id === userId) c.send(msg.type, msg.payload);
      }
    };
    this.listeners.set(userId, listener);
    await roomDeps().notifier.subscribe(userId, listener);
  }

  override onLeave(client: Client): void {
    const userId = (client.auth as AuthUser | undefined)?.id;
    if (!userId) return;
    const stillHere = this.clients.some((c) => c !== client && (c.auth as AuthUser | undefined)?.id === userId);
    if (stillHere) return;
    const listener = this.listeners.get(userId);
    if (listener) roomDeps().notifier.unsubscribe(userId, listener);
    this.listeners.delete(userId);
  }

  override onDispose(): void {
    for (const [userId, listener] of this.listeners) roomDeps().notifier.unsubscribe(userId, listener);
    this.listeners.clear();
  }
}
