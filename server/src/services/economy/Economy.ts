import { randomUUID } from "node:crypto";
import {
  balancesOf,
  type ConsumableEffect,
  type EquipBody,
  ErrorCode,
  equipSlotOf,
  type InventoryItem,
  isStackable,
  type ItemDef,
  itemById,
  type Loadout,
  type PurchaseBody,
  type PurchaseResponse,
} from "@levelup/shared";
import { and, asc, eq, gt, sql } from "drizzle-orm";
import type { Db, Tx } from "../../db/client.ts";
import { inventory, profiles, shopItems } from "../../db/schema.ts";
import type { Metrics } from "../../metrics.ts";
import { AppError, badRequest, conflict, forbidden, notFound, unprocessable } from "../../errors.ts";
import type { PlayerChanges } from "../playerCaches.ts";
import type { PendingGrant, Progression } from "../progression/Progression.ts";
import type { PushedCache } from "../pushedCache.ts";
import { defaultCurrency, itemFromRow, toInventoryItem, toShopItem, unitPrice } from "./catalogue.ts";
import { claimKey, rememberResponse, requestHash } from "./idempotency.ts";
import { loadoutOf } from "./loadout.ts";

export interface EconomyDeps {
  db: Db;
  progression: Progression;
  metrics: Metrics;
  /** The inventory read's rows by user id, dropped by every write to them (PlayerChanges). */
  cache: PushedCache<InventoryRows>;
  /** Told after the writes no grant reports: an equip or unequip, a consumable used. */
  playerChanges: PlayerChanges;
}

/** What GET /api/game/inventory reads: the user's items with their shop rows, in catalogue order. */
/** One page of GET /api/game/inventory. */
interface InventoryPage {
  items: InventoryItem[];
  nextCursor: string | null;
}

export type InventoryRows = Awaited<ReturnType<ReturnType<typeof prepareInventoryRows>["execute"]>>;

export interface PurchaseOutcome {
  response: PurchaseResponse;
  /** True when an Idempotency-Key matched an earlier purchase: its answer, nothing bought again. */
  replayed: boolean;
}

export interface ConsumableUse {
  itemId: string;
  effect: ConsumableEffect;
  /** How many of the item the user still has after this use. */
  remaining: number;
  /** True when this ref was already used: the first use's answer, nothing consumed again. */
  replayed: boolean;
}

const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;

const uuidShape = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * GET /api/game/inventory's read, prepared once (query building was a large part of the route):
 * all of the user's items, paged in process, so one cached copy answers every page. An inventory
 * holds each catalogue item at most once, so it is small.
 */
function inventoryItems(rows: InventoryRows): InventoryItem[] {
  return rows.map((r) => toInventoryItem(r.inventory, itemFromRow(r.shop_items)));
}

function prepareInventoryRows(db: Db) {
  return db
    .select()
    .from(inventory)
    .innerJoin(shopItems, eq(shopItems.id, inventory.itemId))
    .where(and(eq(inventory.userId, sql.placeholder("userId")), gt(inventory.quantity, 0)))
    .orderBy(asc(shopItems.sortOrder))
    .prepare("inventory_rows");
}

/**
 * Shop, inventory, equipment and consumables. Every write is one transaction; money moves only
 * through progression.grantInTx (which locks the profile row and refuses to go below zero), and
 * the profile row is always locked before inventory rows, so concurrent requests of one user queue
 * instead of deadlocking.
 */
export class Economy {
  private readonly inventoryRows;
  /**
   * The whole inventory's answer built from each cached read, kept while the read is: a player's
   * requests for all of it then get one object, which HTTP serialises once (http/route.ts,
   * sharedBodies). Never changed.
   */
  private readonly wholeInventories = new WeakMap<InventoryRows, InventoryPage>();

  constructor(private readonly deps: EconomyDeps) {
    this.inventoryRows = prepareInventoryRows(deps.db);
  }

  /**
   * Buys `quantity` of an item. Consumables add to their stack; gear is owned once (a second
   * purchase is 409 ALREADY_OWNED). With an idempotency key, a retry returns the first answer.
   */
  async purchase(userId: string, body: PurchaseBody, idempotencyKey?: string): Promise<PurchaseOutcome> {
    const item = itemById(body.itemId);
    if (!item) throw notFound("Item");
    const currency = body.currency ?? defaultCurrency(item);
    const unit = unitPrice(item, currency);
    if (unit === null) {
      throw new AppError(400, ErrorCode.CURRENCY_NOT_ACCEPTED, `${item.name} is not sold for ${currency}`, {
        fields: [{ path: "currency", message: `not sold for ${currency}` }],
      });
    }
    if (!isStackable(item) && body.quantity > 1) {
      throw badRequest("Invalid request body: quantity", {
        fields: [{ path: "quantity", message: "gear is bought one at a time" }],
      });
    }
    const price = unit * body.quantity;
    const key = idempotencyKey ? { userId, scope: "purchase", key: idempotencyKey } : undefined;
    const request = requestHash({ itemId: item.id, quantity: body.quantity, currency });

    const outcome = await this.deps.db.transaction(async (tx) => {
      if (key) {
        const first = await claimKey<PurchaseResponse>(tx, key, request);
        if (first) return { response: first, pending: undefined };
      }
      await this.requireLevel(tx, userId, item);
      if (!isStackable(item) && (await this.owns(tx, userId, item.id))) throw alreadyOwned(item);
      const pending: PendingGrant = await this.deps.progression.grantInTx(tx, {
        userId,
        ref: `purchase:${item.id}:${randomUUID()}`,
        reason: "purchase",
        [currency]: -price,
        events: [{ kind: "items_bought", amount: body.quantity }],
      });
      const row = await this.addToInventory(tx, userId, item, body.quantity);
      if (!row) throw alreadyOwned(item);
      const response: PurchaseResponse = {
        ...balancesOf(pending.result),
        inventoryItem: toInventoryItem(row, toShopItem(item)),
      };
      if (key) await rememberResponse(tx, key, request, 200, response);
      return { response, pending };
    });
    if (outcome.pending) {
      this.deps.metrics.purchases.inc({ currency });
      // Its publish tells PlayerChanges: the cached inventory is dropped with the cached balance.
      await outcome.pending.publish();
    }
    return { response: outcome.response, replayed: outcome.pending === undefined };
  }

  /**
   * The user's items (consumables with none left are hidden), in catalogue order, one page at a
   * time. The rows come from the process's cache while no write dropped them: a database round
   * trip was most of the read's cost (README, Performance notes).
   */
  async inventory(userId: string, query: { limit: number; cursor?: string }): Promise<InventoryPage> {
    const after = query.cursor === undefined ? INT_MIN : Number.parseInt(query.cursor, 10);
    // The cursor is a sort order (a 32-bit integer column): anything else is not one of ours.
    if (!Number.isSafeInteger(after) || after < INT_MIN || after > INT_MAX) {
      throw badRequest("Invalid query: cursor", { fields: [{ path: "cursor", message: "unknown cursor" }] });
    }
    const rows = await this.deps.cache.get(userId, () => this.inventoryRows.execute({ userId }));
    if (query.cursor === undefined && query.limit >= rows.length) {
      let whole = this.wholeInventories.get(rows);
      if (!whole) {
        whole = { items: inventoryItems(rows), nextCursor: null };
        this.wholeInventories.set(rows, whole);
      }
      return whole;
    }
    const rest = rows.filter((r) => r.shop_items.sortOrder > after);
    const page = rest.slice(0, query.limit);
    const last = page.at(-1);
    return {
      items: inventoryItems(page),
      nextCursor: rest.length > query.limit && last ? String(last.shop_items.sortOrder) : null,
    };
  }

  /**
   * Equips an owned item, replacing whatever holds its place (weapon, armor, accessory, or a
   * cosmetic's avatar part), or unequips it. Returns the new equipped set with its stats.
   */
  async equip(userId: string, body: EquipBody): Promise<Loadout> {
    if (!uuidShape.test(body.inventoryItemId)) throw notFound("Inventory item");
    const loadout = await this.deps.db.transaction(async (tx) => {
      const level = await this.lockProfile(tx, userId);
      const [found] = await tx
        .select()
        .from(inventory)
        .innerJoin(shopItems, eq(shopItems.id, inventory.itemId))
        .where(eq(inventory.id, body.inventoryItemId))
        .limit(1);
      if (!found) throw notFound("Inventory item");
      if (found.inventory.userId !== userId) throw forbidden("That item belongs to another player");
      const item = itemFromRow(found.shop_items);
      if (item.slot === "consumable") {
        throw unprocessable(ErrorCode.NOT_EQUIPPABLE, `${item.name} is a consumable: use it in battle`);
      }
      if (body.equip) {
        if (found.inventory.equipped) throw conflict(ErrorCode.ALREADY_EQUIPPED, `${item.name} is already equipped`);
        if (level < item.requiredLevel) throw levelTooLow(item, level);
        // The row's slot is the place the one-per-slot unique index guards (equipSlotOf at purchase).
        await tx
          .update(inventory)
          .set({ equipped: false })
          .where(
            and(eq(inventory.userId, userId), eq(inventory.slot, found.inventory.slot), eq(inventory.equipped, true)),
          );
        await tx.update(inventory).set({ equipped: true }).where(eq(inventory.id, found.inventory.id));
      } else {
        if (!found.inventory.equipped) throw conflict(ErrorCode.NOT_EQUIPPED, `${item.name} is not equipped`);
        await tx.update(inventory).set({ equipped: false }).where(eq(inventory.id, found.inventory.id));
      }
      return loadoutOf(tx, userId);
    });
    await this.deps.playerChanges.changed(userId);
    return loadout;
  }

  /** The user's equipped set, battle stats and avatar (see loadoutOf). */
  loadout(userId: string): Promise<Loadout> {
    return loadoutOf(this.deps.db, userId);
  }

  /**
   * Uses one consumable (in battle) and returns its effect for the battle rules to apply. The
   * decrement is conditional (quantity > 0), so two fast uses of the last one cannot both pass;
   * the same `ref` (e.g. "battle:<id>:turn:<n>:<userId>") uses one only once. It is its own
   * transaction, so the cached inventory is dropped once it commits. 422 NOT_USABLE when the item
   * is not a consumable or none is left.
   */
  async useConsumable(input: { userId: string; itemId: string; ref: string }): Promise<ConsumableUse> {
    const item = itemById(input.itemId);
    if (!item) throw notFound("Item");
    const effect = item.effect;
    if (!effect) throw unprocessable(ErrorCode.NOT_USABLE, `${item.name} cannot be used`);
    const key = { userId: input.userId, scope: "consumable", key: input.ref };
    const use = await this.deps.db.transaction(async (tx): Promise<ConsumableUse> => {
      const first = await claimKey<Omit<ConsumableUse, "replayed">>(tx, key, item.id);
      if (first) return { ...first, replayed: true };
      const [left] = await tx
        .update(inventory)
        .set({ quantity: sql`${inventory.quantity} - 1` })
        .where(and(eq(inventory.userId, input.userId), eq(inventory.itemId, item.id), gt(inventory.quantity, 0)))
        .returning({ quantity: inventory.quantity });
      if (!left) throw unprocessable(ErrorCode.NOT_USABLE, `No ${item.name} left`, { itemId: item.id, remaining: 0 });
      const used = { itemId: item.id, effect, remaining: left.quantity };
      await rememberResponse(tx, key, item.id, 200, used);
      return { ...used, replayed: false };
    });
    if (!use.replayed) await this.deps.playerChanges.changed(input.userId);
    return use;
  }

  private async lockProfile(tx: Tx, userId: string): Promise<number> {
    const [profile] = await tx
      .select({ level: profiles.level })
      .from(profiles)
      .where(eq(profiles.userId, userId))
      .for("update")
      .limit(1);
    if (!profile) throw notFound("Profile");
    return profile.level;
  }

  /** Levels only go up, so reading it without the lock can only refuse wrongly-early, never allow wrongly. */
  private async requireLevel(tx: Tx, userId: string, item: ItemDef): Promise<void> {
    const [profile] = await tx
      .select({ level: profiles.level })
      .from(profiles)
      .where(eq(profiles.userId, userId))
      .limit(1);
    if (!profile) throw notFound("Profile");
    if (profile.level < item.requiredLevel) throw levelTooLow(item, profile.level);
  }

  private async owns(tx: Tx, userId: string, itemId: string): Promise<boolean> {
    const rows = await tx
      .select({ id: inventory.id })
      .from(inventory)
      .where(and(eq(inventory.userId, userId), eq(inventory.itemId, itemId)))
      .limit(1);
    return rows.length > 0;
  }

  /**
   * Gives items without payment inside the caller's transaction (dungeon drops, rewards):
   * consumables stack; gear already owned is not given twice (undefined is returned). The caller
   * tells PlayerChanges after its commit (a grant in the same transaction does, with its publish).
   */
  async giveItemInTx(
    tx: Tx,
    input: { userId: string; itemId: string; quantity?: number },
  ): Promise<InventoryItem | undefined> {
    const item = itemById(input.itemId);
    if (!item) throw notFound("Item");
    const row = await this.addToInventory(tx, input.userId, item, isStackable(item) ? (input.quantity ?? 1) : 1);
    return row && toInventoryItem(row, toShopItem(item));
  }

  /** Adds to a consumable's stack, or adds a gear row (undefined when already owned); the unique (user, item) index settles races. */
  private async addToInventory(tx: Tx, userId: string, item: ItemDef, quantity: number) {
    const values = { userId, itemId: item.id, slot: equipSlotOf(item), quantity };
    if (isStackable(item)) {
      const [row] = await tx
        .insert(inventory)
        .values(values)
        .onConflictDoUpdate({
          target: [inventory.userId, inventory.itemId],
          set: { quantity: sql`${inventory.quantity} + excluded.quantity` },
        })
        .returning();
      if (!row) throw new Error("inventory upsert returned no row");
      return row;
    }
    const [row] = await tx.insert(inventory).values(values).onConflictDoNothing().returning();
    return row;
  }
}

function alreadyOwned(item: ItemDef): AppError {
  return conflict(ErrorCode.ALREADY_OWNED, `You already own ${item.name}`);
}

function levelTooLow(item: { name: string; requiredLevel: number }, level: number): AppError {
  return unprocessable(ErrorCode.LEVEL_TOO_LOW, `${item.name} needs level ${item.requiredLevel}`, {
    requiredLevel: item.requiredLevel,
    level,
  });
}
