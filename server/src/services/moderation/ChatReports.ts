import { desc } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { chatReports } from "../../db/schema.ts";
import { afterCursor, pageOf } from "../paging.ts";

/** A chat message a player reported, as the room saw it. */
export interface ChatReportInput {
  reporterId: string;
  authorId: string;
  authorName: string;
  roomId: string;
  battleId?: string;
  messageId: string;
  text: string;
  /** When the message was sent, epoch milliseconds. */
  sentAt: number;
  reason?: string;
}

/**
 * Reported party chat: the only chat that outlives its room. Each reporter reports a message
 * once; admins read the reports newest first.
 */
export class ChatReports {
  constructor(private readonly deps: { db: Db }) {}

  /** Records a report; false when this reporter already reported this message. */
  async report(input: ChatReportInput): Promise<boolean> {
    const rows = await this.deps.db
      .insert(chatReports)
      .values({
        reporterId: input.reporterId,
        authorId: input.authorId,
        authorName: input.authorName,
        roomId: input.roomId,
        battleId: input.battleId ?? null,
        messageId: input.messageId,
        text: input.text,
        sentAt: new Date(input.sentAt),
        reason: input.reason ?? null,
      })
      .onConflictDoNothing()
      .returning({ id: chatReports.id });
    return rows.length > 0;
  }

  /** Reports newest first, paged by cursor (admins only: the route checks the role). */
  async list(query: { limit: number; cursor?: string }) {
    const rows = await this.deps.db
      .select()
      .from(chatReports)
      .where(afterCursor(chatReports.createdAt, chatReports.id, query.cursor))
      .orderBy(desc(chatReports.createdAt), desc(chatReports.id))
      .limit(query.limit + 1);
    const { page, nextCursor } = pageOf(rows, query.limit, (r) => ({ at: r.createdAt, id: r.id }));
    return {
      items: page.map((r) => ({
        id: r.id,
        roomId: r.roomId,
        battleId: r.battleId,
        messageId: r.messageId,
        authorId: r.authorId,
        authorName: r.authorName,
        text: r.text,
        sentAt: r.sentAt.toISOString(),
        reporterId: r.reporterId,
        reason: r.reason,
        createdAt: r.createdAt.toISOString(),
      })),
      nextCursor,
    };
  }
}
