import { desc, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { integrityRefusals, users } from "../../db/schema.ts";
import type { Logger } from "../../logger.ts";
import type { Metrics } from "../../metrics.ts";
import type { Clock } from "../clock.ts";

/** How often counted refusals are written to the database (one statement per batch). */
export const REFUSALS_FLUSH_INTERVAL_MS = 5000;
/** Distinct (player, rule) pairs held between two writes; past it, refusals are still in /metrics only. */
const MAX_PENDING_PAIRS = 10_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface Tally {
  userId: string;
  rule: string;
  count: number;
  firstAt: Date;
  lastAt: Date;
}

/** A player who hit anti-cheat rules, with the count per rule (what the admin listing shows). */
export interface Offender {
  userId: string;
  username: string;
  total: number;
  lastAt: string;
  rules: Record<string, number>;
}

/**
 * The anti-cheat record: every action refused by a budget or rate rule (coding lines over the
 * per-player budget, room message floods, guess cooldowns, registration limits…) is reported here
 * once, by rule name. It is counted at once in /metrics (`levelup_integrity_refusals_total{rule}`),
 * and per player in memory, written to the `integrity_refusals` table in batches every few seconds
 * (a flood of refusals costs one statement per batch), so an admin can list the players who hit
 * caps repeatedly. Rule names are dotted and stable (`coding.lines_per_minute`,
 * `room.message_rate`); they are Prometheus label values, so never build one from user input.
 */
export class Refusals {
  private pending = new Map<string, Tally>();
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly deps: { metrics: Metrics; logger: Logger; db: Db; clock: Clock }) {}

  record(rule: string, userId: string | undefined): void {
    this.deps.metrics.integrityRefusals.inc({ rule });
    this.deps.logger.debug({ rule, userId }, "refused by integrity rule");
    if (!userId || !UUID.test(userId)) return;
    const key = `${userId} ${rule}`;
    const now = this.deps.clock.date();
    const tally = this.pending.get(key);
    if (tally) {
      tally.count++;
      tally.lastAt = now;
    } else if (this.pending.size < MAX_PENDING_PAIRS) {
      this.pending.set(key, { userId, rule, count: 1, firstAt: now, lastAt: now });
    }
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, REFUSALS_FLUSH_INTERVAL_MS).unref();
  }

  /** Writes the refusals counted since the last write (the timer calls it; so does shutdown). */
  flush(): Promise<void> {
    this.writing = this.writing.then(() => this.write());
    return this.writing;
  }

  /** Stops the timer and writes what is left. */
  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.flush();
  }

  private async write(): Promise<void> {
    if (this.pending.size === 0) return;
    const batch = [...this.pending.values()];
    this.pending = new Map();
    try {
      await this.deps.db
        .insert(integrityRefusals)
        .values(batch)
        .onConflictDoUpdate({
          target: [integrityRefusals.userId, integrityRefusals.rule],
          set: {
            count: sql`${integrityRefusals.count} + excluded.count`,
            lastAt: sql`greatest(${integrityRefusals.lastAt}, excluded.last_at)`,
          },
        });
    } catch (err) {
      // A player deleted meanwhile, or the database unreachable: the metric still counted them.
      this.deps.logger.warn({ err, pairs: batch.length }, "integrity refusals not saved");
    }
  }

  /**
   * Players with at least `minTotal` refusals, most refused first, `limit` per page from `offset`.
   * Recorded refusals reach this list within one flush interval.
   */
  async offenders(page: { limit: number; offset: number; minTotal: number }): Promise<Offender[]> {
    const total = sql<number>`sum(${integrityRefusals.count})`.mapWith(Number);
    const lastAt = sql<string>`max(${integrityRefusals.lastAt})`.mapWith((v) => new Date(v).toISOString());
    const rows = await this.deps.db
      .select({
        userId: integrityRefusals.userId,
        username: users.username,
        total,
        lastAt,
        rules: sql<
          Record<string, string | number>
        >`jsonb_object_agg(${integrityRefusals.rule}, ${integrityRefusals.count})`,
      })
      .from(integrityRefusals)
      .innerJoin(users, eq(users.id, integrityRefusals.userId))
      .groupBy(integrityRefusals.userId, users.username)
      .having(sql`sum(${integrityRefusals.count}) >= ${page.minTotal}`)
      .orderBy(desc(total), desc(lastAt), integrityRefusals.userId)
      .limit(page.limit)
      .offset(page.offset);
    return rows.map((r) => ({
      ...r,
      rules: Object.fromEntries(Object.entries(r.rules).map(([rule, n]) => [rule, Number(n)])),
    }));
  }
}
