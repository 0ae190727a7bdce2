import { inArray } from "drizzle-orm";
import type { Db, Tx } from "../../db/client.ts";
import { users } from "../../db/schema.ts";

/**
 * Whether two accounts are presumed to belong to one person, so that nothing they do together pays:
 * today, that they registered from the same network (the keyed hash in users.registration_network,
 * see auth/registrationNetwork.ts). Challenges use it; a future player-versus-player feature should
 * too, so that the rule has one definition.
 */
export class AccountLinks {
  constructor(private readonly db: Db) {}

  /** Whether `a` and `b` are one account or linked accounts; an account without a recorded network links to none. */
  async linked(a: string, b: string, tx: Db | Tx = this.db): Promise<boolean> {
    if (a === b) return true;
    const rows = await tx
      .select({ network: users.registrationNetwork })
      .from(users)
      .where(inArray(users.id, [a, b]));
    return rows.length === 2 && sameNetwork(rows[0]?.network ?? null, rows[1]?.network ?? null);
  }
}

/** The link rule on two stored networks: equal and known. */
export function sameNetwork(a: string | null, b: string | null): boolean {
  return a !== null && a === b;
}
