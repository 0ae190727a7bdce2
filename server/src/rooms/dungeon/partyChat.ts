import { randomBytes } from "node:crypto";
import type { Client, Room } from "@colyseus/core";
import {
  type BattleError,
  CHAT_RATE,
  type ChatLine,
  ChatMessageType,
  type ChatSender,
  chatMuteMessage,
  chatReportMessage,
  chatSendMessage,
  checkChatText,
  EMOTE_RATE,
  type EmoteShown,
  emoteMessage,
  ErrorCode,
  REPORT_RATE,
  type RateBucket,
  type RateRule,
  takeToken,
} from "@levelup/shared";
import { roomDeps } from "../roomDeps.ts";

/** Messages a room keeps for reports (older ones can no longer be reported). */
const KEPT_LINES = 100;
/** Messages a joining client receives, oldest first. */
const HISTORY_LINES = 30;
/** Users one client may mute in one room (bounds the room's memory). */
const MAX_MUTES = 64;

/** What the room tells the chat about itself. */
export interface PartyChatHooks {
  /** Who the client is: a seated player, a spectator, or nobody (not joined yet). */
  senderOf(client: Client): ChatSender | undefined;
  /** The stored battle, once it started (kept with a report). */
  battleId(): string | undefined;
  /** The room's one way of refusing a message to its sender. */
  refuse(client: Client, error: BattleError): void;
}

type Limit = "chat" | "emote" | "report" | "history";
const RULES: Record<Limit, { rule: RateRule; name: string }> = {
  chat: { rule: CHAT_RATE, name: "chat.message_rate" },
  emote: { rule: EMOTE_RATE, name: "chat.emote_rate" },
  report: { rule: REPORT_RATE, name: "chat.report_rate" },
  history: { rule: REPORT_RATE, name: "chat.history_rate" },
};

/**
 * Party chat and emotes of one dungeon room. Players chat and emote; spectators read the chat and
 * may only emote. Messages live in this object only, so they end with the room (a rebuilt battle
 * starts with an empty chat); a reported message is copied to `chat_reports` for an admin.
 * Mutes are by user id and the room does not deliver a muted user's messages to the muter.
 */
export class PartyChat {
  private readonly lines: ChatLine[] = [];
  /** Rate buckets per sessionId. */
  private readonly buckets = new Map<string, Partial<Record<Limit, RateBucket>>>();
  /** Muted user ids per muting user id. */
  private readonly mutes = new Map<string, Set<string>>();
  /** Message ids are unique for this room's life, also across a rebuild under the same room id. */
  private readonly prefix = randomBytes(4).toString("hex");
  private sent = 0;

  constructor(
    private readonly room: Room,
    private readonly hooks: PartyChatHooks,
  ) {}

  /** Registers the chat's message handlers on the room. */
  register(): void {
    const { room } = this;
    room.onMessage(ChatMessageType.CHAT, (client, raw: unknown) => this.chat(client, raw));
    room.onMessage(ChatMessageType.EMOTE, (client, raw: unknown) => this.emote(client, raw));
    room.onMessage(ChatMessageType.MUTE, (client, raw: unknown) => this.mute(client, raw));
    room.onMessage(ChatMessageType.REPORT, (client, raw: unknown) => this.report(client, raw));
    // A client whose chat panel opened after the join asks again.
    room.onMessage(ChatMessageType.HISTORY, (client) => {
      const from = this.hooks.senderOf(client);
      if (from && this.allowed(client, from, "history")) this.welcome(client);
    });
  }

  /** A client joined: it gets the recent chat (without what it muted). */
  welcome(client: Client): void {
    const muted = this.mutes.get(userIdOf(client) ?? "");
    const recent = this.lines.filter((l) => !muted?.has(l.from.userId)).slice(-HISTORY_LINES);
    client.send(ChatMessageType.HISTORY, recent);
  }

  /** A client left for good: its rate buckets go (mutes stay with the user, who may come back). */
  forget(client: Client): void {
    this.buckets.delete(client.sessionId);
  }

  private chat(client: Client, raw: unknown) {
    const from = this.hooks.senderOf(client);
    if (!from) return;
    const parsed = chatSendMessage.safeParse(raw);
    if (!parsed.success) return this.refuse(client, ErrorCode.VALIDATION_FAILED, "Malformed chat message");
    if (from.role !== "player") {
      return this.refuse(client, ErrorCode.CHAT_SPECTATOR_EMOTE_ONLY, "Spectators may send emotes only");
    }
    const checked = checkChatText(parsed.data.text);
    if (!checked.ok)
      return this.refuse(client, checked.code, "Chat messages are 1–200 characters, no control characters");
    if (!this.allowed(client, from, "chat")) return;
    const line: ChatLine = {
      id: `${this.prefix}-${++this.sent}`,
      from,
      text: checked.text,
      at: roomDeps().clock.now(),
    };
    this.lines.push(line);
    if (this.lines.length > KEPT_LINES) this.lines.shift();
    this.deliver(ChatMessageType.CHAT, line, from.userId);
  }

  private emote(client: Client, raw: unknown) {
    const from = this.hooks.senderOf(client);
    if (!from) return;
    const parsed = emoteMessage.safeParse(raw);
    if (!parsed.success) return this.refuse(client, ErrorCode.VALIDATION_FAILED, "Unknown emote");
    if (!this.allowed(client, from, "emote")) return;
    const shown: EmoteShown = { from, emote: parsed.data.emote };
    this.deliver(ChatMessageType.EMOTE, shown, from.userId);
  }

  private mute(client: Client, raw: unknown) {
    const from = this.hooks.senderOf(client);
    if (!from) return;
    const parsed = chatMuteMessage.safeParse(raw);
    if (!parsed.success) return this.refuse(client, ErrorCode.VALIDATION_FAILED, "Malformed chat_mute");
    const muted = this.mutes.get(from.userId) ?? new Set<string>();
    if (parsed.data.muted) {
      if (muted.size >= MAX_MUTES && !muted.has(parsed.data.userId)) {
        return this.refuse(client, ErrorCode.VALIDATION_FAILED, `At most ${MAX_MUTES} mutes per room`);
      }
      muted.add(parsed.data.userId);
    } else {
      muted.delete(parsed.data.userId);
    }
    if (muted.size > 0) this.mutes.set(from.userId, muted);
    else this.mutes.delete(from.userId);
  }

  private async report(client: Client, raw: unknown) {
    const from = this.hooks.senderOf(client);
    if (!from) return;
    const parsed = chatReportMessage.safeParse(raw);
    if (!parsed.success) return this.refuse(client, ErrorCode.VALIDATION_FAILED, "Malformed chat_report");
    const line = this.lines.find((l) => l.id === parsed.data.messageId);
    if (!line) return this.refuse(client, ErrorCode.NOT_FOUND, "No such recent message in this room");
    if (!this.allowed(client, from, "report")) return;
    let recorded: boolean;
    try {
      recorded = await roomDeps().chatReports.report({
        reporterId: from.userId,
        authorId: line.from.userId,
        authorName: line.from.name,
        roomId: this.room.roomId,
        battleId: this.hooks.battleId(),
        messageId: line.id,
        text: line.text,
        sentAt: line.at,
        reason: parsed.data.reason,
      });
    } catch (err) {
      roomDeps().logger.error({ err, roomId: this.room.roomId }, "chat report not recorded");
      return this.refuse(client, ErrorCode.INTERNAL, "The report could not be recorded; try again");
    }
    if (!recorded) return this.refuse(client, ErrorCode.CHAT_ALREADY_REPORTED, "You already reported that message");
    client.send(ChatMessageType.REPORTED, { messageId: line.id });
  }

  /** Takes a token of the sender's bucket; a refusal goes to the sender and the anti-cheat record. */
  private allowed(client: Client, from: ChatSender, limit: Limit): boolean {
    const buckets = this.buckets.get(client.sessionId) ?? {};
    const taken = takeToken(buckets[limit], RULES[limit].rule, roomDeps().clock.now());
    buckets[limit] = taken.bucket;
    this.buckets.set(client.sessionId, buckets);
    if (taken.ok) return true;
    roomDeps().refusals.record(RULES[limit].name, from.userId);
    this.refuse(
      client,
      ErrorCode.CHAT_RATE_LIMITED,
      `Too fast: try again in ${Math.ceil(taken.retryAfterMs / 1000)} s`,
    );
    return false;
  }

  /** To everyone in the room except those who muted the sender. */
  private deliver(type: string, message: ChatLine | EmoteShown, senderId: string): void {
    const except = this.room.clients.filter((c) => this.mutes.get(userIdOf(c) ?? "")?.has(senderId));
    this.room.broadcast(type, message, except.length > 0 ? { except } : undefined);
  }

  private refuse(client: Client, code: string, message: string): void {
    this.hooks.refuse(client, { code, message });
  }
}

function userIdOf(client: Client): string | undefined {
  return (client.auth as { id?: string } | undefined)?.id;
}
