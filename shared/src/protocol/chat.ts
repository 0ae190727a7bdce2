import { z } from "zod";
import { cursorPageQuery } from "./common.ts";
import { CHAT_MAX_LENGTH, EMOTES, type Emote } from "../rules/chat.ts";

/** Message names of party chat in the `dungeon` room, both directions. */
export const ChatMessageType = {
  /** client → room `{text}`; room → everyone a ChatLine. */
  CHAT: "chat",
  /** client → room `{emote}`; room → everyone an EmoteShown. */
  EMOTE: "emote",
  /** client → room `{userId, muted}`: stop (or resume) receiving that user's chat and emotes. */
  MUTE: "chat_mute",
  /** client → room `{messageId, reason?}`: records the message for an admin. */
  REPORT: "chat_report",
  /** room → client `{reported: messageId}` once a report is recorded. */
  REPORTED: "chat_reported",
  /** room → a joining client (or one that sends it, no body): the room's recent ChatLines, oldest first. */
  HISTORY: "chat_history",
} as const;

/** `chat`: the shape only; checkChatText (rules/chat.ts) decides on length and characters. */
export const chatSendMessage = z.strictObject({ text: z.string().max(CHAT_MAX_LENGTH * 8) });
export const emoteMessage = z.strictObject({ emote: z.enum(EMOTES) });
export const chatMuteMessage = z.strictObject({ userId: z.string().min(1).max(64), muted: z.boolean() });
export const chatReportMessage = z.strictObject({
  messageId: z.string().min(1).max(64),
  reason: z.string().max(CHAT_MAX_LENGTH).optional(),
});

/** Who said something: players by seat, spectators as the audience. */
export interface ChatSender {
  userId: string;
  name: string;
  role: "player" | "spectator";
  /** The sender's key in the room state (a player's seat). */
  sessionId: string;
}

/** One chat message as the room delivers it; it lives in the room's memory only. */
export interface ChatLine {
  /** Unique within the room's life; what a report names. */
  id: string;
  from: ChatSender;
  text: string;
  /** Epoch milliseconds. */
  at: number;
}

export interface EmoteShown {
  from: ChatSender;
  emote: Emote;
}

/** A reported chat message as an admin reads it (GET /api/admin/chat-reports). */
export const chatReportItem = z.object({
  id: z.string(),
  roomId: z.string(),
  battleId: z.string().nullable(),
  messageId: z.string(),
  authorId: z.string(),
  authorName: z.string(),
  text: z.string(),
  sentAt: z.string().describe("ISO-8601"),
  reporterId: z.string(),
  reason: z.string().nullable(),
  createdAt: z.string().describe("ISO-8601"),
});
export const chatReportsQuery = cursorPageQuery;
export const chatReportsResponse = z.object({ items: z.array(chatReportItem), nextCursor: z.string().nullable() });
