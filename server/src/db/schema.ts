import type {
  Avatar,
  BadgeCondition,
  BattleAction,
  ChallengeChoice,
  ClashStanding,
  CodeTest,
  ConsumableEffect,
  DungeonRewards,
  GrantResult,
  ItemStats,
  PartyMember,
  PlayerStatistics,
  QuestProgress,
  QuestRequirement,
  QuestRewards,
  StoredBattleResult,
  TestResult,
} from "@levelup/shared";
import { currencyIds } from "@levelup/shared/rules/currencies";
import type { CodingRewards } from "@levelup/shared/protocol/coding";
import type { LinesByLanguage } from "@levelup/shared/rules/coding";
import type { CodingBudget } from "@levelup/shared/rules/codingBudget";
import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  boolean,
  check,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

/** What the ledger counts: XP and every currency of `shared/src/rules/currencies.ts`. */
const ledgerCurrencies = ["xp", ...currencyIds] as const;

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();

export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    username: text("username").notNull(),
    email: text("email").notNull(),
    passwordHash: text("password_hash").notNull(),
    role: text("role", { enum: ["player", "admin"] })
      .notNull()
      .default("player"),
    /** Bumped by logout-everywhere: access tokens carrying an older version stop working at once. */
    tokenVersion: integer("token_version").notNull().default(0),
    /** IANA zone of the player's days (streak, daily and weekly quests); set by PUT /api/game/profile/time-zone. */
    timeZone: text("time_zone").notNull().default("UTC"),
    /** The last change of `timeZone` (null: never): changes are limited (shared/src/rules/timeZone.ts). */
    timeZoneChangedAt: timestamp("time_zone_changed_at", { withTimezone: true }),
    /**
     * Keyed hash of the network the account registered from (services/auth/registrationNetwork.ts):
     * accounts sharing it are linked and pay each other nothing. Never the address itself.
     */
    registrationNetwork: text("registration_network"),
    /**
     * An account a load script made (registered with BOT_REGISTRATION_TOKEN): kept off every
     * leaderboard and removed by `npm run bots:remove` (services/auth/botAccounts.ts).
     */
    isBot: boolean("is_bot").notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    index("users_bots_idx").on(t.id).where(sql`${t.isBot}`),
    uniqueIndex("users_username_lower_uq").on(sql`lower(${t.username})`),
    index("users_registration_network_idx").on(t.registrationNetwork),
    uniqueIndex("users_email_lower_uq").on(sql`lower(${t.email})`),
    check("users_role_ck", sql`${t.role} in ('player', 'admin')`),
  ],
);

export const profiles = pgTable(
  "profiles",
  {
    userId: uuid("user_id")
      .primaryKey()
      .references(() => users.id, { onDelete: "cascade" }),
    level: integer("level").notNull().default(1),
    experience: bigint("experience", { mode: "number" }).notNull().default(0),
    /** When `experience` last changed: the leaderboard's tie-break (earlier ranks higher). */
    experienceAt: timestamp("experience_at", { withTimezone: true }).notNull().defaultNow(),
    coins: integer("coins").notNull().default(0),
    gems: integer("gems").notNull().default(0),
    codingStreak: integer("coding_streak").notNull().default(0),
    /** Calendar day (in the user's time zone) of the last session that earned XP. */
    lastCodingDay: date("last_coding_day", { mode: "string" }),
    avatar: jsonb("avatar").$type<Avatar>().notNull().default({}),
    /** Read through normalizeStatistics (rules/statistics.ts): older rows lack the newer counters. */
    statistics: jsonb("statistics").$type<Partial<PlayerStatistics>>().notNull().default({}),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("profiles_coins_ck", sql`${t.coins} >= 0`),
    check("profiles_gems_ck", sql`${t.gems} >= 0`),
    check("profiles_experience_ck", sql`${t.experience} >= 0`),
    index("profiles_leaderboard_idx").on(t.experience.desc(), t.experienceAt.asc(), t.userId),
  ],
);

/** Weekly XP per user; the weekly leaderboard reads it (weeks start Monday 00:00 UTC). */
export const weeklyXp = pgTable(
  "weekly_xp",
  {
    weekStart: date("week_start", { mode: "string" }).notNull(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    experience: bigint("experience", { mode: "number" }).notNull().default(0),
    experienceAt: timestamp("experience_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.weekStart, t.userId] }),
    index("weekly_xp_rank_idx").on(t.weekStart, t.experience.desc(), t.experienceAt.asc(), t.userId),
  ],
);

export const refreshTokens = pgTable(
  "refresh_tokens",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** All tokens rotated from one login share a family; reuse of a rotated one revokes it. */
    familyId: uuid("family_id").notNull(),
    tokenHash: text("token_hash").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    rotatedAt: timestamp("rotated_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("refresh_tokens_hash_uq").on(t.tokenHash),
    index("refresh_tokens_user_idx").on(t.userId),
    index("refresh_tokens_family_idx").on(t.familyId),
  ],
);

/** Append-only record of every XP and currency change; balances can be recomputed from it. */
export const ledger = pgTable(
  "ledger",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    currency: text("currency", { enum: ledgerCurrencies }).notNull(),
    delta: integer("delta").notNull(),
    balanceAfter: bigint("balance_after", { mode: "number" }).notNull(),
    reason: text("reason").notNull(),
    ref: text("ref").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index("ledger_user_idx").on(t.userId, t.createdAt),
    index("ledger_ref_idx").on(t.ref),
    check("ledger_currency_ck", sql`${t.currency} in (${sql.raw(ledgerCurrencies.map((c) => `'${c}'`).join(", "))})`),
  ],
);

/** One row per applied progression grant: makes a retried grant (same ref) pay once. */
export const grants = pgTable(
  "grants",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    ref: text("ref").notNull(),
    result: jsonb("result").$type<GrantResult>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.ref] })],
);

/** Responses remembered per Idempotency-Key so a retried request returns the first result. */
export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    key: text("key").notNull(),
    scope: text("scope").notNull(),
    status: integer("status").notNull(),
    /** The request's hash and the first answer (services/economy/idempotency.ts). */
    response: jsonb("response").$type<{ request: string; body: unknown }>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.scope, t.key] })],
);

export const codingSessions = pgTable(
  "coding_sessions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    projectName: text("project_name"),
    language: text("language"),
    status: text("status", { enum: ["active", "ended"] })
      .notNull()
      .default("active"),
    /** The one room allowed to pay this session; set (claimed) before that room exists. */
    roomId: text("room_id"),
    /** When `roomId` was claimed: a claim whose room never appeared may be taken over after a while. */
    roomClaimedAt: timestamp("room_claimed_at", { withTimezone: true }),
    // Sums that grow with every update are 64-bit (exact in JavaScript up to 2^53; updates clamp).
    linesWritten: bigint("lines_written", { mode: "number" }).notNull().default(0),
    linesRemoved: bigint("lines_removed", { mode: "number" }).notNull().default(0),
    charactersTyped: bigint("characters_typed", { mode: "number" }).notNull().default(0),
    filesModified: bigint("files_modified", { mode: "number" }).notNull().default(0),
    /** Accepted lines per language, e.g. {"rust": 120}. */
    linesByLanguage: jsonb("lines_by_language").$type<LinesByLanguage>().notNull().default({}),
    /** Lines per language already paid as XP while the session ran (batch awards). */
    paidLinesByLanguage: jsonb("paid_lines_by_language").$type<LinesByLanguage>().notNull().default({}),
    xpEarned: bigint("xp_earned", { mode: "number" }).notNull().default(0),
    coinsEarned: bigint("coins_earned", { mode: "number" }).notNull().default(0),
    rejectedUpdates: bigint("rejected_updates", { mode: "number" }).notNull().default(0),
    acceptedUpdates: bigint("accepted_updates", { mode: "number" }).notNull().default(0),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
    lastActivityAt: timestamp("last_activity_at", { withTimezone: true }).notNull().defaultNow(),
    endedAt: timestamp("ended_at", { withTimezone: true }),
    endReason: text("end_reason"),
    rewards: jsonb("rewards").$type<CodingRewards>(),
  },
  (t) => [
    index("coding_sessions_user_idx").on(t.userId, t.startedAt.desc()),
    uniqueIndex("coding_sessions_one_active_uq").on(t.userId).where(sql`${t.status} = 'active'`),
  ],
);

/**
 * The per-player coding budget (shared/src/rules/codingBudget.ts): lines paid in the last minute
 * and today, across all of the player's sessions and server processes. Read and written only
 * under `select … for update`, in the transaction that pays the lines.
 */
export const codingBudgets = pgTable("coding_budgets", {
  userId: uuid("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  /** `CodingBudget.recent`: [{at, lines}], oldest first, about one entry per second of the window. */
  recent: jsonb("recent").$type<CodingBudget["recent"]>().notNull().default([]),
  /** UTC day (days since the epoch) that `dayLines` counts. */
  day: integer("day").notNull().default(0),
  dayLines: integer("day_lines").notNull().default(0),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Refusals by anti-cheat rules (budgets, rate limits), per player and rule, so an admin can list
 * the players who hit caps repeatedly. Written in batches by services/integrity/Refusals.ts.
 */
export const integrityRefusals = pgTable(
  "integrity_refusals",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    rule: text("rule").notNull(),
    count: bigint("count", { mode: "number" }).notNull().default(0),
    firstAt: timestamp("first_at", { withTimezone: true }).notNull().defaultNow(),
    lastAt: timestamp("last_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.rule] }), index("integrity_refusals_last_idx").on(t.lastAt.desc())],
);

export const dungeons = pgTable("dungeons", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  description: text("description").notNull().default(""),
  difficulty: integer("difficulty").notNull(),
  requiredLevel: integer("required_level").notNull(),
  element: text("element").notNull(),
  enemies: jsonb("enemies").$type<string[]>().notNull(),
  rewards: jsonb("rewards").$type<DungeonRewards>().notNull(),
  sortOrder: integer("sort_order").notNull().default(0),
});

export const battles = pgTable(
  "battles",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    roomId: text("room_id").notNull(),
    dungeonId: text("dungeon_id")
      .notNull()
      .references(() => dungeons.id),
    seed: bigint("seed", { mode: "number" }).notNull(),
    /** Players as they entered the battle (user ids, stats, skills, items): with seed + actions, a full replay. */
    party: jsonb("party").$type<PartyMember[]>().notNull().default([]),
    actions: jsonb("actions").$type<BattleAction[]>().notNull().default([]),
    status: text("status", { enum: ["waiting", "battle", "victory", "defeat", "abandoned"] })
      .notNull()
      .default("waiting"),
    round: integer("round").notNull().default(0),
    result: jsonb("result").$type<StoredBattleResult>(),
    processId: text("process_id"),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    endedAt: timestamp("ended_at", { withTimezone: true }),
  },
  (t) => [
    index("battles_status_idx").on(t.status, t.updatedAt),
    uniqueIndex("battles_room_uq").on(t.roomId),
    // Replay lists: finished battles, newest first (GET /api/game/replays).
    index("battles_ended_idx").on(t.endedAt.desc(), t.id.desc()).where(sql`${t.endedAt} is not null`),
  ],
);

/**
 * Party chat messages a player reported (chat itself lives only in the room's memory): a copy of
 * the message as it was shown, for an admin to read. One report per reporter and message.
 */
export const chatReports = pgTable(
  "chat_reports",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    reporterId: uuid("reporter_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    authorId: uuid("author_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    authorName: text("author_name").notNull(),
    roomId: text("room_id").notNull(),
    battleId: uuid("battle_id"),
    /** The message's id in its room (unique for the room's life). */
    messageId: text("message_id").notNull(),
    text: text("text").notNull(),
    sentAt: timestamp("sent_at", { withTimezone: true }).notNull(),
    reason: text("reason"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("chat_reports_once_uq").on(t.reporterId, t.roomId, t.messageId),
    index("chat_reports_created_idx").on(t.createdAt.desc(), t.id.desc()),
  ],
);

export const challenges = pgTable(
  "challenges",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Stable key of a challenge that comes from the content files (null for user-created ones). */
    contentKey: text("content_key"),
    type: text("type", { enum: ["CTF", "BUG_BOUNTY", "SYSTEM_DESIGN", "CODE"] }).notNull(),
    title: text("title").notNull(),
    description: text("description").notNull(),
    difficulty: integer("difficulty").notNull(),
    xpReward: integer("xp_reward").notNull(),
    coinReward: integer("coin_reward").notNull(),
    creatorId: uuid("creator_id").references(() => users.id, { onDelete: "set null" }),
    /** scrypt hash (with its salt) of a CTF / BUG_BOUNTY answer; the answer itself is never stored. */
    answerHash: text("answer_hash"),
    choices: jsonb("choices").$type<ChallengeChoice[]>(),
    correctChoices: jsonb("correct_choices").$type<string[]>(),
    language: text("language"),
    starterCode: text("starter_code"),
    tests: jsonb("tests").$type<CodeTest[]>(),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
    /** When an admin reviewed a player-made challenge (approved it, or hid it with `deletedAt`). */
    reviewedAt: timestamp("reviewed_at", { withTimezone: true }),
    reviewedBy: uuid("reviewed_by").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [
    uniqueIndex("challenges_content_key_uq").on(t.contentKey),
    index("challenges_list_idx").on(t.type, t.difficulty, t.createdAt),
    check("challenges_difficulty_ck", sql`${t.difficulty} between 1 and 5`),
    check("challenges_rewards_ck", sql`${t.xpReward} >= 0 and ${t.coinReward} >= 0`),
  ],
);

export const attempts = pgTable(
  "attempts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    challengeId: uuid("challenge_id")
      .notNull()
      .references(() => challenges.id),
    status: text("status", { enum: ["started", "grading", "passed", "failed"] })
      .notNull()
      .default("started"),
    score: integer("score"),
    xpAwarded: integer("xp_awarded").notNull().default(0),
    coinsAwarded: integer("coins_awarded").notNull().default(0),
    results: jsonb("results").$type<TestResult[]>(),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
    submittedAt: timestamp("submitted_at", { withTimezone: true }),
  },
  (t) => [
    index("attempts_user_idx").on(t.userId, t.startedAt.desc()),
    index("attempts_user_challenge_idx").on(t.userId, t.challengeId, t.status),
  ],
);

export const questTemplates = pgTable("quest_templates", {
  id: text("id").primaryKey(),
  period: text("period", { enum: ["DAILY", "WEEKLY"] }).notNull(),
  title: text("title").notNull(),
  description: text("description").notNull().default(""),
  requirements: jsonb("requirements").$type<QuestRequirement[]>().notNull(),
  rewards: jsonb("rewards").$type<QuestRewards>().notNull(),
  active: boolean("active").notNull().default(true),
});

export const quests = pgTable(
  "quests",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    templateId: text("template_id")
      .notNull()
      .references(() => questTemplates.id),
    period: text("period", { enum: ["DAILY", "WEEKLY"] }).notNull(),
    periodStart: date("period_start", { mode: "string" }).notNull(),
    requirements: jsonb("requirements").$type<QuestRequirement[]>().notNull(),
    rewards: jsonb("rewards").$type<QuestRewards>().notNull(),
    progress: jsonb("progress").$type<QuestProgress>().notNull().default({}),
    status: text("status", { enum: ["active", "completed", "claimed"] })
      .notNull()
      .default("active"),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    completedAt: timestamp("completed_at", { withTimezone: true }),
    claimedAt: timestamp("claimed_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("quests_user_template_period_uq").on(t.userId, t.templateId, t.periodStart),
    index("quests_user_active_idx").on(t.userId, t.expiresAt),
  ],
);

export const badges = pgTable("badges", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  description: text("description").notNull().default(""),
  icon: text("icon").notNull().default("star"),
  condition: jsonb("condition").$type<BadgeCondition>().notNull(),
  createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
  createdAt: createdAt(),
});

export const userBadges = pgTable(
  "user_badges",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    badgeId: text("badge_id")
      .notNull()
      .references(() => badges.id, { onDelete: "cascade" }),
    earnedAt: timestamp("earned_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.badgeId] }), index("user_badges_badge_idx").on(t.badgeId)],
);

export const shopItems = pgTable(
  "shop_items",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    slot: text("slot", { enum: ["weapon", "armor", "accessory", "cosmetic", "consumable"] }).notNull(),
    rarity: text("rarity", { enum: ["common", "uncommon", "rare", "epic", "legendary"] }).notNull(),
    priceCoins: integer("price_coins"),
    priceGems: integer("price_gems"),
    requiredLevel: integer("required_level").notNull().default(1),
    /** attack, defense, hp, speed, critChance, element (weapons), avatar parts (cosmetics). */
    stats: jsonb("stats").$type<ItemStats>().notNull().default({}),
    /** Consumables only: what using one does, e.g. {"heal": 40}. */
    effect: jsonb("effect").$type<ConsumableEffect>(),
    sortOrder: integer("sort_order").notNull().default(0),
    active: boolean("active").notNull().default(true),
  },
  (t) => [
    check("shop_items_price_ck", sql`${t.priceCoins} is null or ${t.priceCoins} >= 0`),
    check("shop_items_gems_ck", sql`${t.priceGems} is null or ${t.priceGems} >= 0`),
  ],
);

export const inventory = pgTable(
  "inventory",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    itemId: text("item_id")
      .notNull()
      .references(() => shopItems.id),
    /** Copied from the item so the database itself can enforce one equipped item per slot. */
    slot: text("slot").notNull(),
    quantity: integer("quantity").notNull().default(1),
    equipped: boolean("equipped").notNull().default(false),
    acquiredAt: timestamp("acquired_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("inventory_user_item_uq").on(t.userId, t.itemId),
    uniqueIndex("inventory_one_per_slot_uq").on(t.userId, t.slot).where(sql`${t.equipped}`),
    check("inventory_quantity_ck", sql`${t.quantity} >= 0`),
  ],
);

/** Which version of each content file was loaded, so loading on every start is idempotent and cheap. */
export const contentVersions = pgTable("content_versions", {
  name: text("name").primaryKey(),
  hash: text("hash").notNull(),
  loadedAt: timestamp("loaded_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Each player's Glicko-2 clash rating (services/clashes/glickoRace.ts), on the Glicko scale
 * (1500 / 350 / 0.06 before the first rated clash, which is when the row is made).
 */
export const clashRatings = pgTable(
  "clash_ratings",
  {
    userId: uuid("user_id")
      .primaryKey()
      .references(() => users.id, { onDelete: "cascade" }),
    rating: doublePrecision("rating").notNull(),
    deviation: doublePrecision("deviation").notNull(),
    volatility: doublePrecision("volatility").notNull(),
    /** Rated clashes played and won (first place). */
    games: integer("games").notNull().default(0),
    wins: integer("wins").notNull().default(0),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  // The ladder's order (services/clashes/ClashLadder.ts): rating, then games, then user id.
  (t) => [index("clash_ratings_ladder_idx").on(t.rating.desc(), t.games.desc(), t.userId)],
);

/**
 * One player's line of a settled clash: the room's result and what the settlement gave — the
 * contract's standing without the name (names change; the user id stays).
 */
export interface StoredClashStanding extends Omit<ClashStanding, "username"> {
  /** Rated in this clash (false: unrated clash, or an account linked to another player of it). */
  rated: boolean;
}

/**
 * One row per settled clash, keyed by its room id: written first by settle(), so a second
 * settlement of one clash finds it and returns what the first stored (services/clashes/Clashes.ts).
 */
export const clashResults = pgTable("clash_results", {
  clashId: text("clash_id").primaryKey(),
  mode: text("mode", { enum: ["fastest", "shortest", "reverse"] }).notNull(),
  difficulty: text("difficulty", { enum: ["easy", "medium", "hard"] }).notNull(),
  problemId: text("problem_id").notNull(),
  startedAt: timestamp("started_at", { withTimezone: true }).notNull(),
  endedAt: timestamp("ended_at", { withTimezone: true }).notNull(),
  /** False when fewer than two players could be rated: nobody was rated nor paid. */
  rated: boolean("rated").notNull(),
  /** Every player's result and what it changed, in the order the room gave them. */
  standings: jsonb("standings").$type<StoredClashStanding[]>().notNull(),
});

/**
 * Paid clashes per player and day (the player's own day): the daily cap of CLASH_PAID_PER_DAY
 * (shared/src/rules/clash.ts) is one conditional upsert of this counter, race-free across processes.
 */
export const clashPaidDays = pgTable(
  "clash_paid_days",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    day: date("day", { mode: "string" }).notNull(),
    paid: integer("paid").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.userId, t.day] })],
);
