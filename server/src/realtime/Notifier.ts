import type { Presence } from "@colyseus/core";
import type { HubPushType } from "@levelup/shared";

/** Pushes the hub delivers to a user's connections (`HubPush` in shared/src/protocol/rooms.ts). */
export type HubMessageType = HubPushType;

export interface HubEnvelope {
  type: HubMessageType;
  payload: unknown;
}

const channelOf = (userId: string) => `hub:user:${userId}`;

/**
 * Delivers pushes to every hub connection of a user, on whichever process it sits:
 * it publishes on the user's channel through Colyseus presence, which is Redis pub/sub
 * when REDIS_URL is set and in-process otherwise. Hub rooms subscribe per connected user.
 */
export class Notifier {
  constructor(private readonly presence: Presence) {}

  /** Sends one push to all of the user's connections. Call it only after the change committed. */
  async notify(userId: string, type: HubMessageType, payload: unknown): Promise<void> {
    await this.presence.publish(channelOf(userId), { type, payload } satisfies HubEnvelope);
  }

  subscribe(userId: string, onMessage: (msg: HubEnvelope) => void): Promise<unknown> {
    return this.presence.subscribe(channelOf(userId), onMessage);
  }

  unsubscribe(userId: string, onMessage: (msg: HubEnvelope) => void): void {
    this.presence.unsubscribe(channelOf(userId), onMessage);
  }
}
