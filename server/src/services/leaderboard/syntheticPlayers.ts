import { Rng, seedRng, weekStart } from "@levelup/shared";
import { levelForXp } from "@levelup/shared";
import { like } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { profiles, users, weeklyXp } from "../../db/schema.ts";

const CHUNK = 2000;

/**
 * Inserts `count` players named `lb_<tag>_<n>` with seeded random XP, times and weekly XP, for the
 * leaderboard tests and benchmark. About five players share each XP value and times fall on a
 * dozen hours, so equal XP, and equal XP reached in the same second, are frequent and every
 * step of the tie-break is exercised. They cannot log in (no password hash).
 */
export async function insertSyntheticPlayers(
  db: Db,
  opts: { tag: string; count: number; seed: number; nowMs: number },
): Promise<string[]> {
  const rng = new Rng(seedRng(opts.seed));
  const week = weekStart(opts.nowMs);
  const weekStartMs = Date.parse(`${week}T00:00:00Z`);
  const xpValues = Math.max(1, Math.floor(opts.count / 5));
  const hour = 3600 * 1000;
  const ids: string[] = [];
  for (let from = 0; from < opts.count; from += CHUNK) {
    const n = Math.min(CHUNK, opts.count - from);
    const created = await db
      .insert(users)
      .values(
        Array.from({ length: n }, (_, i) => {
          const username = `lb_${opts.tag}_${from + i}`;
          return { username, email: `${username}@synthetic.test`, passwordHash: "-" };
        }),
      )
      .returning({ id: users.id });
    const rows = created.map(({ id }) => {
      const experience = rng.chance(0.1) ? 0 : 10 * (1 + rng.int(xpValues));
      const experienceAt = new Date(weekStartMs - (1 + rng.int(12)) * hour);
      return { userId: id, experience, level: levelForXp(experience), experienceAt };
    });
    await db.insert(profiles).values(rows);
    const weekly = rows
      .filter((r) => r.experience > 0 && rng.chance(0.6))
      .map((r) => ({
        weekStart: week,
        userId: r.userId,
        experience: 5 * (1 + rng.int(xpValues)),
        experienceAt: new Date(weekStartMs + rng.int(12) * hour),
      }));
    if (weekly.length > 0) await db.insert(weeklyXp).values(weekly);
    ids.push(...created.map((c) => c.id));
  }
  return ids;
}

/** Removes the players `insertSyntheticPlayers` made with `tag` (their rows cascade). */
export async function deleteSyntheticPlayers(db: Db, tag: string): Promise<void> {
  await db.delete(users).where(like(users.username, `lb\\_${tag}\\_%`));
}
