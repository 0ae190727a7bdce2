import type { BattleAction } from "@levelup/shared";
import { sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { battles } from "../../db/schema.ts";
import type { Logger } from "../../logger.ts";
import type { Clock } from "../clock.ts";

/**
 * How long an accepted action may wait in memory before it is stored (ms). This is the loss window
 * of a process that dies: a battle rebuilt from its log (realtime/clusterRecovery.ts) resumes at
 * the last flush, without at most the actions of this last window, which the players replay.
 */
export const ACTION_FLUSH_MS = 500;

interface Pending {
  actions: BattleAction[];
  round: number;
}

/**
 * The battles' action logs, written in batches: every accepted action is appended in memory and
 * all battles of the process are written together, in one UPDATE, at most ACTION_FLUSH_MS later
 * (and at once before a battle settles, before a restore reads it and when the process stops).
 * One statement per action per room was the largest part of a dungeon room's CPU (the PostgreSQL
 * round trip and the query building); one statement per half-second for every room is not.
 * Writes run one after another, so each battle's actions reach the database in engine order.
 */
export class BattleActionLog {
  private pending = new Map<string, Pending>();
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly deps: { db: Db; clock: Clock; logger: Logger; flushMs?: number }) {}

  /** Adds an accepted action to the battle's log; it is stored within the flush window. */
  append(battleId: string, action: BattleAction, round: number): void {
    const entry = this.pending.get(battleId);
    if (entry) {
      entry.actions.push(action);
      entry.round = round;
    } else {
      this.pending.set(battleId, { actions: [action], round });
    }
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, this.deps.flushMs ?? ACTION_FLUSH_MS);
    // A stopping process flushes explicitly (app stop); the timer alone does not keep it alive.
    this.timer.unref();
  }

  /** Actions waiting to be stored, over all battles (metrics and tests). */
  pendingCount(): number {
    let n = 0;
    for (const p of this.pending.values()) n += p.actions.length;
    return n;
  }

  /** Stores everything appended so far; resolves once it is in the database (or the write failed and was re-queued). */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    const step = this.writing.then(() => this.writeBatch());
    this.writing = step;
    return step;
  }

  private async writeBatch(): Promise<void> {
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    // The whole batch is one JSON parameter: the statement's text is the same for any number of
    // battles (a VALUES row per battle had drizzle build three parameters per battle, every flush).
    const rows = JSON.stringify([...batch].map(([id, p]) => ({ id, actions: p.actions, round: p.round })));
    try {
      await this.deps.db.execute(sql`
        update ${battles}
        set actions = ${battles.actions} || v.actions, round = v.round, updated_at = ${this.deps.clock.date().toISOString()}::timestamptz
        from jsonb_to_recordset(${rows}::jsonb) as v(id uuid, actions jsonb, round integer)
        where ${battles.id} = v.id`);
    } catch (err) {
      // Put the batch back in front of what arrived meanwhile; the next flush retries it.
      for (const [id, p] of this.pending) {
        const earlier = batch.get(id);
        if (earlier) {
          earlier.actions.push(...p.actions);
          earlier.round = p.round;
        } else {
          batch.set(id, p);
        }
      }
      this.pending = batch;
      this.deps.logger.error({ err, battles: batch.size }, "battle action log write failed; retrying");
      this.timer ??= setTimeout(() => {
        this.timer = undefined;
        void this.flush();
      }, this.deps.flushMs ?? ACTION_FLUSH_MS).unref();
    }
  }
}
