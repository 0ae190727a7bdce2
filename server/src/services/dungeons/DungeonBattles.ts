import {
  type BattleAction,
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
  type PartyMember,
  replayBattle,
  skillsFor,
} from "@levelup/shared";
import { and, asc, eq, gt, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { battles, inventory, profiles, users } from "../../db/schema.ts";
import { AppError, notFound, unprocessable } from "../../errors.ts";
import type { Logger } from "../../logger.ts";
import type { Clock } from "../clock.ts";
import type { Economy } from "../economy/Economy.ts";
import { loadoutOf } from "../economy/loadout.ts";
import type { GrantResult, Progression } from "../progression/Progression.ts";

export interface DungeonBattlesDeps {
  db: Db;
  clock: Clock;
  progression: Progression;
  economy: Economy;
  logger: Logger;
}

export type BattleRow = typeof battles.$inferSelect;

/** What each player got when a battle ended. */
export interface BattlePayout {
  userId: string;
  xp: number;
  coins: number;
  gems: number;
  /** Items put into the inventory (loot table drops; gear already owned is not given twice). */
  items: ItemDrop[];
  /** False when this battle had already paid this player (a retry): nothing paid twice. */
  applied: boolean;
}

/** The enemies of a dungeon, resolved from content in line-up order. */
export function enemiesOf(dungeon: DungeonDef): EnemyDef[] {
  return dungeon.enemies.map((id) => {
    const enemy = enemyById(id);
    if (!enemy) throw new Error(`dungeon ${dungeon.id} names unknown enemy ${id}`);
    return enemy;
  });
}

/**
 * Rebuilds a stored battle exactly: the same combatants, turn, HP, cooldowns and generator state,
 * from its dungeon, party snapshot, seed and action log. Pure apart from reading content.
 */
export function rebuildBattle(row: Pick<BattleRow, "dungeonId" | "seed" | "party" | "actions">): BattleState {
  const dungeon = dungeonById(row.dungeonId);
  if (!dungeon) throw new Error(`battle of unknown dungeon ${row.dungeonId}`);
  return replayBattle(
    { dungeon, enemies: enemiesOf(dungeon), party: row.party as PartyMember[], seed: row.seed },
    row.actions as BattleAction[],
  );
}

/**
 * Dungeon use cases: the list, the party snapshot a player fights with, and the battle record —
 * opened with its seed and party, appended to after every accepted action (so any process can
 * rebuild it) and settled once with the rewards, in one transaction.
 */
export class DungeonBattles {
  constructor(private readonly deps: DungeonBattlesDeps) {}

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

  /** 422 LEVEL_TOO_LOW unless the player may enter the dungeon. */
  async requireLevel(userId: string, dungeon: DungeonDef): Promise<void> {
    const level = await this.levelOf(userId);
    if (level < dungeon.requiredLevel) {
      throw unprocessable(ErrorCode.LEVEL_TOO_LOW, `${dungeon.name} requires level ${dungeon.requiredLevel}`, {
        requiredLevel: dungeon.requiredLevel,
        level,
      });
    }
  }

  /** The player as they enter a battle: stats from level and gear, skills, consumables in the inventory. */
  async partyMemberOf(userId: string): Promise<PartyMember> {
    const { db } = this.deps;
    const [user] = await db
      .select({ name: users.username, level: profiles.level })
      .from(users)
      .innerJoin(profiles, eq(profiles.userId, users.id))
      .where(eq(users.id, userId))
      .limit(1);
    if (!user) throw notFound("Profile");
    const loadout = await loadoutOf(db, userId);
    const stacks = await db
      .select({ itemId: inventory.itemId, quantity: inventory.quantity })
      .from(inventory)
      .where(and(eq(inventory.userId, userId), eq(inventory.slot, "consumable"), gt(inventory.quantity, 0)))
      .orderBy(asc(inventory.itemId));
    const items = stacks.flatMap((s) => {
      const item = itemById(s.itemId);
      return item?.effect ? [{ itemId: item.id, name: item.name, quantity: s.quantity, effect: item.effect }] : [];
    });
    const { stats } = loadout;
    return {
      id: userId,
      name: user.name,
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
    return row.id;
  }

  /**
   * Appends one accepted action to the battle's log, in one statement, before the room shows
   * its effect: a process that dies afterwards loses nothing that players saw.
   */
  async record(battleId: string, action: BattleAction, after: BattleState): Promise<void> {
    await this.deps.db
      .update(battles)
      .set({
        actions: sql`${battles.actions} || ${JSON.stringify([action])}::jsonb`,
        round: after.round,
        updatedAt: this.deps.clock.date(),
      })
      .where(eq(battles.id, battleId));
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
    return this.deps.db
      .select()
      .from(battles)
      .where(and(eq(battles.processId, processId), eq(battles.status, "battle")));
  }

  async load(battleId: string): Promise<BattleRow | undefined> {
    const [row] = await this.deps.db.select().from(battles).where(eq(battles.id, battleId)).limit(1);
    return row;
  }

  async findByRoom(roomId: string): Promise<BattleRow | undefined> {
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
    const now = this.deps.clock.date();
    const pending = await this.deps.db.transaction(async (tx) => {
      const payouts: { payout: BattlePayout; publish: () => Promise<void> }[] = [];
      for (const player of state.players.filter((p) => !p.left)) {
        const gems = state.drops[player.id]?.gems ?? 0;
        const grant = await this.deps.progression.grantInTx(tx, {
          userId: player.id,
          ref: `battle:${battleId}:${player.id}`,
          reason: "dungeon",
          xp: victory ? state.rewards.xp : state.rewards.consolationXp,
          coins: victory ? state.rewards.coins : 0,
          gems: victory ? gems : 0,
          events: victory ? [{ kind: "dungeon_clear", dungeonId: state.dungeonId }] : [],
        });
        // Item drops go into the inventory in the same transaction, once: a retried settle
        // (grant not applied again) gives nothing twice.
        const items: ItemDrop[] = [];
        for (const drop of victory && grant.result.applied ? (state.drops[player.id]?.items ?? []) : []) {
          const given = await this.deps.economy.giveItemInTx(tx, { userId: player.id, ...drop });
          if (given) items.push(drop);
        }
        payouts.push({ payout: payoutOf(player.id, grant.result, items), publish: grant.publish });
      }
      await tx
        .update(battles)
        .set({
          status: state.phase,
          round: state.round,
          result: { phase: state.phase, round: state.round, payouts: payouts.map((p) => p.payout) },
          updatedAt: now,
          endedAt: now,
        })
        .where(eq(battles.id, battleId));
      return payouts;
    });
    for (const p of pending) {
      await p.publish().catch((err) => this.deps.logger.warn({ err, battleId }, "battle reward push failed"));
    }
    return pending.map((p) => p.payout);
  }

  private async levelOf(userId: string): Promise<number> {
    const [row] = await this.deps.db
      .select({ level: profiles.level })
      .from(profiles)
      .where(eq(profiles.userId, userId))
      .limit(1);
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
