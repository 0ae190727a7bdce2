import {
  type BattlePayout,
  type BattleAction,
  type BattleOutcome,
  type BattleState,
  type ConsumableEffect,
  type DungeonDef,
  type DungeonSummary,
  DUNGEONS,
  dungeonById,
  type EnemyDef,
  type ItemDrop,
  ErrorCode,
  enemyById,
  itemById,
  outcomeOf,
  type PartyMember,
  replayBattle,
  sameOutcome,
  skillsFor,
} from "@levelup/shared";
import { and, asc, eq, gt, or, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { battles, inventory, profiles, shopItems, users } from "../../db/schema.ts";
import { AppError, notFound, unprocessable } from "../../errors.ts";
import type { Logger } from "../../logger.ts";
import type { Metrics } from "../../metrics.ts";
import type { Clock } from "../clock.ts";
import type { Economy } from "../economy/Economy.ts";
import { type EquippedRow, equippedItemColumns, joinedItem, loadoutFrom } from "../economy/loadout.ts";
import type { GrantResult, PendingGrant, Progression } from "../progression/Progression.ts";
import { ACTION_FLUSH_MS, BattleActionLog } from "./actionLog.ts";

export interface DungeonBattlesDeps {
  db: Db;
  clock: Clock;
  progression: Progression;
  economy: Economy;
  logger: Logger;
  metrics: Metrics;
  /** Loss window of the batched action log (ms); default ACTION_FLUSH_MS. */
  actionFlushMs?: number;
}

export type BattleRow = typeof battles.$inferSelect;

/** What each player got when a battle ended. */
export type { BattlePayout };

/** The enemies of a dungeon, resolved from content in line-up order. */
export function enemiesOf(dungeon: DungeonDef): EnemyDef[] {
  return dungeon.enemies.map((id) => {
    const enemy = enemyById(id);
    if (!enemy) throw new Error(`dungeon ${dungeon.id} names unknown enemy ${id}`);
    return enemy;
  });
}

/** What a stored battle is replayed from. */
type StoredBattle = Pick<BattleRow, "dungeonId" | "seed" | "party" | "actions">;

/**
 * Rebuilds a stored battle exactly: the same combatants, turn, HP, cooldowns and generator state,
 * from its dungeon, party snapshot, seed and action log. Pure apart from reading content.
 */
export function rebuildBattle(row: StoredBattle): BattleState {
  const dungeon = dungeonById(row.dungeonId);
  if (!dungeon) throw new Error(`battle of unknown dungeon ${row.dungeonId}`);
  return replayBattle({ dungeon, enemies: enemiesOf(dungeon), party: row.party, seed: row.seed }, row.actions);
}

/**
 * Dungeon use cases: the list, the party snapshot a player fights with, and the battle record —
 * opened with its seed and party, its accepted actions stored in batches (BattleActionLog: at
 * most ACTION_FLUSH_MS behind, so any process can rebuild it) and settled once with the rewards,
 * in one transaction.
 */
export class DungeonBattles {
  private readonly actionLog: BattleActionLog;
  /** The reads of every seat request, prepared once (query building was a large part of their cost). */
  private readonly reads;

  constructor(private readonly deps: DungeonBattlesDeps) {
    const userId = sql.placeholder("userId");
    this.reads = {
      level: deps.db
        .select({ level: profiles.level })
        .from(profiles)
        .where(eq(profiles.userId, userId))
        .limit(1)
        .prepare("dungeon_level"),
      // The party member in one statement: name and level with the inventory rows a battle uses
      // (equipped gear, consumables in stock) joined on. Four reads per seat request were a large
      // part of a battle start's cost (README, Performance notes).
      member: deps.db
        .select({
          username: users.username,
          level: profiles.level,
          ...equippedItemColumns,
          equipped: inventory.equipped,
          stockSlot: inventory.slot,
          quantity: inventory.quantity,
        })
        .from(users)
        .innerJoin(profiles, eq(profiles.userId, users.id))
        .leftJoin(
          inventory,
          and(
            eq(inventory.userId, users.id),
            or(eq(inventory.equipped, true), and(eq(inventory.slot, "consumable"), gt(inventory.quantity, 0))),
          ),
        )
        .leftJoin(shopItems, eq(shopItems.id, inventory.itemId))
        .where(eq(users.id, userId))
        .orderBy(asc(shopItems.sortOrder), asc(inventory.itemId))
        .prepare("dungeon_member"),
    };
    this.actionLog = new BattleActionLog({
      db: deps.db,
      clock: deps.clock,
      logger: deps.logger,
      flushMs: deps.actionFlushMs ?? ACTION_FLUSH_MS,
    });
  }

  /** The dungeons, `locked` when the player's level is below the requirement. */
  async list(userId: string): Promise<DungeonSummary[]> {
    const level = await this.levelOf(userId);
    return DUNGEONS.map((d) => ({
      id: d.id,
      name: d.name,
      description: d.description,
      difficulty: d.difficulty,
      requiredLevel: d.requiredLevel,
      element: d.element,
      enemies: enemiesOf(d).map((e) => ({
        id: e.id,
        name: e.name,
        element: e.element,
        hp: e.hp,
        boss: e.boss ?? false,
      })),
      rewards: d.rewards,
      locked: level < d.requiredLevel,
    }));
  }

  /** The dungeon, or 404. */
  requireDungeon(dungeonId: string): DungeonDef {
    const dungeon = dungeonById(dungeonId);
    if (!dungeon) throw notFound("Dungeon");
    return dungeon;
  }

  /** The player as they enter `dungeon`; 422 LEVEL_TOO_LOW when their level is below its requirement. */
  async entering(userId: string, dungeon: DungeonDef): Promise<PartyMember> {
    const member = await this.partyMemberOf(userId);
    if (member.level < dungeon.requiredLevel) {
      throw unprocessable(ErrorCode.LEVEL_TOO_LOW, `${dungeon.name} requires level ${dungeon.requiredLevel}`, {
        requiredLevel: dungeon.requiredLevel,
        level: member.level,
      });
    }
    return member;
  }

  /** The player as they enter a battle: stats from level and gear, skills, consumables in the inventory. */
  async partyMemberOf(userId: string): Promise<PartyMember> {
    const rows = await this.reads.member.execute({ userId });
    const user = rows[0];
    if (!user) throw notFound("Profile");
    const equipped: EquippedRow[] = [];
    const items: PartyMember["items"] = [];
    for (const row of rows) {
      const joined = joinedItem(row);
      if (!joined) continue;
      if (row.equipped) equipped.push(joined);
      const item = row.stockSlot === "consumable" && row.quantity ? itemById(joined.itemId) : undefined;
      if (item?.effect && row.quantity) {
        items.push({ itemId: item.id, name: item.name, quantity: row.quantity, effect: item.effect });
      }
    }
    items.sort((x, y) => (x.itemId < y.itemId ? -1 : x.itemId > y.itemId ? 1 : 0));
    const loadout = loadoutFrom(user.level, equipped);
    const { stats } = loadout;
    return {
      id: userId,
      name: user.username,
      level: user.level,
      element: stats.element,
      stats: {
        maxHp: stats.maxHp,
        attack: stats.attack,
        defense: stats.defense,
        speed: stats.speed,
        critChance: stats.critChance,
      },
      skills: skillsFor(user.level, stats.element),
      items,
    };
  }

  /** Uses up one consumable for a battle action (idempotent by `ref`); 422 NOT_USABLE when none is left. */
  useItem(userId: string, itemId: string, ref: string): Promise<{ effect: ConsumableEffect; remaining: number }> {
    return this.deps.economy.useConsumable({ userId, itemId, ref });
  }

  /** Records a battle that starts: its seed and party are what a replay needs. Returns its id. */
  async open(input: { roomId: string; dungeonId: string; seed: number; party: PartyMember[]; processId?: string }) {
    const now = this.deps.clock.date();
    const [row] = await this.deps.db
      .insert(battles)
      .values({
        roomId: input.roomId,
        dungeonId: input.dungeonId,
        seed: input.seed,
        party: input.party,
        actions: [],
        status: "battle",
        round: 1,
        processId: input.processId ?? null,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: battles.id });
    if (!row) throw new Error("battle row not inserted");
    this.deps.metrics.battlesStarted.inc({ dungeon: dungeonLabel(input.dungeonId) });
    return row.id;
  }

  /**
   * Appends one accepted action to the battle's log. It is stored within ACTION_FLUSH_MS, together
   * with every other battle's actions of that window: a process that dies loses at most that
   * window, and the rebuilt battle resumes from the last stored action.
   */
  record(battleId: string, action: BattleAction, after: BattleState): void {
    this.actionLog.append(battleId, action, after.round);
  }

  /** Stores every action recorded so far (a stopping process calls it after its rooms are gone). */
  flushActions(): Promise<void> {
    return this.actionLog.flush();
  }

  /** Records which process now runs a restored battle. */
  async claim(battleId: string, processId: string): Promise<void> {
    await this.deps.db
      .update(battles)
      .set({ processId, updatedAt: this.deps.clock.date() })
      .where(eq(battles.id, battleId));
  }

  /** Unfinished battles last run by `processId` (e.g. a process that died): candidates for restoreBattleRoom. */
  async runningOn(processId: string): Promise<BattleRow[]> {
    await this.actionLog.flush();
    return this.deps.db
      .select()
      .from(battles)
      .where(and(eq(battles.processId, processId), eq(battles.status, "battle")));
  }

  async load(battleId: string): Promise<BattleRow | undefined> {
    await this.actionLog.flush();
    const [row] = await this.deps.db.select().from(battles).where(eq(battles.id, battleId)).limit(1);
    return row;
  }

  async findByRoom(roomId: string): Promise<BattleRow | undefined> {
    await this.actionLog.flush();
    const [row] = await this.deps.db.select().from(battles).where(eq(battles.roomId, roomId)).limit(1);
    return row;
  }

  /**
   * Ends a battle once: stores the result and pays every player still in the party (victory: the
   * dungeon's XP, coins, rolled gems and item drops; defeat: consolation XP) in one transaction.
   * Each grant's ref is `battle:<battleId>:<userId>`, so calling it again pays nothing twice.
   */
  async settle(battleId: string, state: BattleState): Promise<BattlePayout[]> {
    if (state.phase === "battle") throw new Error("settle() needs a finished battle");
    const victory = state.phase === "victory";
    // The stored log is complete before the result is: a replay of a settled battle has every action.
    await this.actionLog.flush();
    const now = this.deps.clock.date();
    const settled = await this.deps.db.transaction(async (tx) => {
      const paid = state.players.filter((p) => !p.left);
      // The whole party is paid with one set of statements (Progression.grantAllInTx).
      const grants = await this.deps.progression.grantAllInTx(
        tx,
        paid.map((player) => ({
          userId: player.id,
          ref: `battle:${battleId}:${player.id}`,
          reason: "dungeon",
          xp: victory ? state.rewards.xp : state.rewards.consolationXp,
          coins: victory ? state.rewards.coins : 0,
          gems: victory ? (state.drops[player.id]?.gems ?? 0) : 0,
          events: victory ? [{ kind: "dungeon_clear" as const, dungeonId: state.dungeonId }] : [],
        })),
      );
      const payouts: { payout: BattlePayout; publish: () => Promise<void> }[] = [];
      for (const [i, player] of paid.entries()) {
        const grant = grants[i] as PendingGrant;
        // Item drops go into the inventory in the same transaction, once: a retried settle
        // (grant not applied again) gives nothing twice.
        const items: ItemDrop[] = [];
        for (const drop of victory && grant.result.applied ? (state.drops[player.id]?.items ?? []) : []) {
          const given = await this.deps.economy.giveItemInTx(tx, { userId: player.id, ...drop });
          if (given) items.push(drop);
        }
        payouts.push({ payout: payoutOf(player.id, grant.result, items), publish: grant.publish });
      }
      // Whether this call ends the battle (a retried settle finds it ended): it is counted once.
      // The same read gives what a replay starts from.
      const [before] = await tx
        .select({
          status: battles.status,
          dungeonId: battles.dungeonId,
          seed: battles.seed,
          party: battles.party,
          actions: battles.actions,
        })
        .from(battles)
        .where(eq(battles.id, battleId))
        .for("update");
      const outcome = outcomeOf(state);
      const replayMatches = this.replayMatches(before, battleId, outcome);
      await tx
        .update(battles)
        .set({
          status: state.phase,
          round: state.round,
          result: {
            phase: state.phase,
            round: state.round,
            payouts: payouts.map((p) => p.payout),
            outcome,
            replayMatches,
          },
          updatedAt: now,
          endedAt: now,
        })
        .where(eq(battles.id, battleId));
      return { payouts, firstEnd: before?.status === "battle" };
    });
    if (settled.firstEnd) {
      const result = victory ? "won" : "lost";
      this.deps.metrics.battlesEnded.inc({ dungeon: dungeonLabel(state.dungeonId), outcome: result });
    }
    const pending = settled.payouts;
    for (const p of pending) {
      await p.publish().catch((err) => this.deps.logger.warn({ err, battleId }, "battle reward push failed"));
    }
    return pending.map((p) => p.payout);
  }

  /**
   * Whether the stored seed, party and log replay to the end the room reached: what a replay will
   * show. A mismatch (a log write lost, content changed under a running battle) is logged as an
   * error and stored with the result, so the battle is not offered as a replay.
   */
  private replayMatches(row: StoredBattle | undefined, battleId: string, outcome: BattleOutcome): boolean {
    let replayed: BattleOutcome | undefined;
    try {
      replayed = row && outcomeOf(rebuildBattle(row));
    } catch (err) {
      this.deps.logger.error({ err, battleId }, "stored battle log cannot be replayed");
    }
    const matches = replayed !== undefined && sameOutcome(replayed, outcome);
    if (replayed && !matches) {
      this.deps.logger.error({ battleId, stored: outcome, replayed }, "stored battle log replays to another end");
    }
    return matches;
  }

  private async levelOf(userId: string): Promise<number> {
    const [row] = await this.reads.level.execute({ userId });
    if (!row) throw new AppError(404, ErrorCode.NOT_FOUND, "Profile not found");
    return row.level;
  }
}

function payoutOf(userId: string, grant: GrantResult, items: ItemDrop[]): BattlePayout {
  return {
    userId,
    xp: grant.xpGained,
    coins: grant.coinsGained,
    gems: grant.gemsGained,
    items,
    applied: grant.applied,
  };
}

/** A dungeon's id as a metrics label: ids of the content catalogue only (a bounded set), "other" otherwise. */
function dungeonLabel(dungeonId: string): string {
  return dungeonById(dungeonId) ? dungeonId : "other";
}
