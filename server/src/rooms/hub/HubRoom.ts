import { type Client, Room } from "@colyseus/core";
import type { AuthUser } from "../../services/auth/tokens.ts";
import type { HubEnvelope } from "../../realtime/Notifier.ts";
import { roomDeps } from "../roomDeps.ts";
import { MessageGuard, type MessageLimits } from "../messageGuard.ts";
import { signedIn } from "../roomDoor.ts";

/** Clients send nothing here: a handful is tolerated, a stream is cut off. */
const HUB_LIMITS: MessageLimits = { perSecond: 2, burst: 10, cutAfter: 50, windowMs: 10_000 };

/**
 * Every signed-in client holds one seat here. The room has no game state: it subscribes to
 * each connected user's push channel and forwards pushes to that user's connections only.
 */
export class HubRoom extends Room {
  override maxClients = 1000;
  private readonly listeners = new Map<string, (msg: HubEnvelope) => void>();
  /** Each user's connections here: a push goes to them without a pass over the whole room. */
  private readonly connections = new Map<string, Client[]>();
  private readonly guard = new MessageGuard(this, "hub", HUB_LIMITS);

  override onCreate(): void {
    this.maxClients = roomDeps().config.HUB_ROOM_SIZE;
    this.setPatchRate(null);
    // Clients only listen here; an unexpected message is ignored rather than an error (and rate-limited).
    this.guard.onUnknown("ignore");
  }

  static override onAuth = signedIn;

  override async onJoin(client: Client): Promise<void> {
    const userId = (client.auth as AuthUser).id;
    const mine = this.connections.get(userId);
    if (mine) mine.push(client);
    else this.connections.set(userId, [client]);
    if (this.listeners.has(userId)) return;
    const listener = (msg: HubEnvelope) => {
      for (const c of this.connections.get(userId) ?? []) c.send(msg.type, msg.payload);
    };
    this.listeners.set(userId, listener);
    // A player counts once per hub room however many tabs they have open (the listeners' keys).
    roomDeps().metrics.playersOnline.inc();
    await roomDeps().notifier.subscribe(userId, listener);
  }

  override onLeave(client: Client): void {
    const userId = (client.auth as AuthUser | undefined)?.id;
    if (!userId) return;
    const others = (this.connections.get(userId) ?? []).filter((c) => c !== client);
    if (others.length > 0) {
      this.connections.set(userId, others);
      return;
    }
    this.connections.delete(userId);
    const listener = this.listeners.get(userId);
    if (listener) roomDeps().notifier.unsubscribe(userId, listener);
    if (this.listeners.delete(userId)) roomDeps().metrics.playersOnline.dec();
  }

  override onDispose(): void {
    for (const [userId, listener] of this.listeners) roomDeps().notifier.unsubscribe(userId, listener);
    roomDeps().metrics.playersOnline.dec(this.listeners.size);
    this.listeners.clear();
    this.connections.clear();
  }
}
