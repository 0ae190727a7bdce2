import { createHash, timingSafeEqual } from "node:crypto";
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { battles, challenges, users } from "../../db/schema.ts";
import { forbidden } from "../../errors.ts";

/** The header load scripts send, with BOT_REGISTRATION_TOKEN, to register a flagged bot account. */
export const BOT_REGISTRATION_HEADER = "x-bot-registration";

/**
 * Whether a registration asks to be a bot, and may: without the header it is an ordinary player;
 * with it, the value must equal the configured secret (compared in constant time), else 403 —
 * a player cannot flag (or unflag) themselves, and a wrong guess is never a silent ordinary account.
 */
export function isBotRegistration(header: string | string[] | undefined, secret: string | undefined): boolean {
  if (header === undefined) return false;
  const given = Array.isArray(header) ? header.join(",") : header;
  if (!secret || !timingSafeEqual(digest(given), digest(secret))) {
    throw forbidden("Bot registration needs the server's bot registration token");
  }
  return true;
}

function digest(value: string): Buffer {
  return createHash("sha256").update(value).digest();
}

export interface BotRemoval {
  users: number;
  battles: number;
  challengesHidden: number;
}

/**
 * Deletes every bot account and its data in one transaction: its rows in every per-user table go
 * with it (their foreign keys cascade), battles fought by bots only are deleted, and challenges a
 * bot made are hidden (soft-deleted like DELETE /api/game/challenges/:id: real players' attempts
 * on them and the rewards paid stay).
 */
export async function removeBots(db: Db): Promise<BotRemoval> {
  return db.transaction(async (tx) => {
    const hidden = await tx
      .update(challenges)
      .set({ deletedAt: sql`now()` })
      .where(
        and(
          isNull(challenges.deletedAt),
          sql`${challenges.creatorId} in (select ${users.id} from ${users} where ${users.isBot})`,
        ),
      )
      .returning({ id: challenges.id });
    // A battle's players are in its `party` (PartyMember[], `id` = user id); one real player keeps it.
    const fought = await tx
      .delete(battles)
      .where(
        sql`jsonb_array_length(${battles.party}) > 0 and not exists (
          select 1 from jsonb_array_elements(${battles.party}) as member
          where not exists (select 1 from ${users} where ${users.id}::text = member->>'id' and ${users.isBot})
        )`,
      )
      .returning({ id: battles.id });
    const removed = await tx.delete(users).where(eq(users.isBot, true)).returning({ id: users.id });
    return { users: removed.length, battles: fought.length, challengesHidden: hidden.length };
  });
}
