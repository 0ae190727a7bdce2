import { eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { users } from "../../db/schema.ts";

export type Role = "player" | "admin";

/**
 * Gives the account named `username` (case-insensitively, as logins match) a role; returns its id,
 * or undefined when no such account exists. There is no HTTP route for this on purpose: only
 * someone with the database (`npm run admin`, services/auth/adminCommand.ts) can make an admin.
 */
export async function setRole(db: Db, username: string, role: Role): Promise<string | undefined> {
  const [row] = await db
    .update(users)
    .set({ role })
    .where(eq(sql`lower(${users.username})`, username.toLowerCase()))
    .returning({ id: users.id });
  return row?.id;
}
