import type { Presence } from "@colyseus/core";
import type { Redis } from "ioredis";
import type { Config } from "../config.ts";
import type { AppContext } from "../context.ts";
import type { Database } from "../db/client.ts";
import type { Logger } from "../logger.ts";
import type { Metrics } from "../metrics.ts";
import { Notifier } from "../realtime/Notifier.ts";
import { Accounts } from "./auth/accounts.ts";
import { LoginProtection } from "./auth/loginProtection.ts";
import { RefreshTokens } from "./auth/refreshTokens.ts";
import { SessionRevocations } from "./auth/sessionRevocations.ts";
import { RegistrationLimit } from "./auth/registrationLimit.ts";
import { AccessTokens } from "./auth/tokens.ts";
import { createChallengeServices } from "./challenges/createChallengeServices.ts";
import { Clashes } from "./clashes/Clashes.ts";
import { Clock } from "./clock.ts";
import { CodingSessions } from "./coding/CodingSessions.ts";
import { DungeonBattles } from "./dungeons/DungeonBattles.ts";
import { Replays } from "./dungeons/Replays.ts";
import { Economy, type InventoryRows } from "./economy/Economy.ts";
import { Exchange } from "./economy/Exchange.ts";
import { AccountLinks } from "./integrity/AccountLinks.ts";
import { RateLimit } from "./rateLimits.ts";
import { Dashboard } from "./progression/Dashboard.ts";
import { PublicReadLimit } from "./auth/publicReadLimit.ts";
import { Refusals } from "./integrity/Refusals.ts";
import type { Leaderboard } from "./leaderboard/Leaderboard.ts";
import { BOARD_VERSION_CHANNEL, LEADERBOARD_KEY_PREFIX, RedisLeaderboard } from "./leaderboard/RedisLeaderboard.ts";
import { SqlLeaderboard } from "./leaderboard/SqlLeaderboard.ts";
import { ChatReports } from "./moderation/ChatReports.ts";
import { Badges } from "./progression/Badges.ts";
import { type EarnedBadgeRows, PlayerProfiles, type ProfileRows } from "./progression/PlayerProfiles.ts";
import { Progression } from "./progression/Progression.ts";
import { ensureCurrentQuests } from "./progression/questInstances.ts";
import { type QuestRows, Quests, questListEnd } from "./progression/Quests.ts";
import { PlayerCaches } from "./playerCaches.ts";
import { PushedCache } from "./pushedCache.ts";
import { ChangeFeed } from "./changeFeed.ts";

/**
 * How long a cached read of a player (profile, inventory, quest list, badges) is believed without a push:
 * every write of the game drops it at once on every process, so this only bounds how long a change
 * made by hand in the database goes unseen.
 */
const PLAYER_CACHE_MS = 30_000;
const MAX_CACHED_PLAYERS = 50_000;
/** Where every process hears of a player whose cached reads changed (the message is the user id). */
const PLAYER_CHANGES_CHANNEL = "levelup:player:changed";
/**
 * How long a board's version is believed without a push: every bump is announced, so this only
 * bounds a bump nobody announced (a process of an older release during a rolling deploy).
 */
const BOARD_VERSION_MS = 30_000;

/** Builds every service of the process once; the only place that knows how they depend on each other. */
export function createContext(parts: {
  config: Config;
  logger: Logger;
  database: Database;
  redis: Redis | undefined;
  presence: Presence;
  metrics: Metrics;
}): AppContext {
  const { config, database, redis } = parts;
  const db = database.db;
  const clock = new Clock();
  const refusals = new Refusals({ metrics: parts.metrics, logger: parts.logger, db, clock });
  const notifier = new Notifier(parts.presence);
  const sessions = new SessionRevocations({
    db,
    redis,
    clock,
    logger: parts.logger,
    accessTtlSeconds: config.ACCESS_TOKEN_TTL,
  });
  const access = new AccessTokens(sessions, config.JWT_SECRET, config.ACCESS_TOKEN_TTL);
  const refresh = new RefreshTokens(db, clock, config.REFRESH_TOKEN_TTL, sessions);
  const loginProtection = new LoginProtection(redis);
  const accounts = new Accounts({
    db,
    access,
    refresh,
    sessions,
    bcryptRounds: config.BCRYPT_ROUNDS,
    loginProtection,
    // Registration creates today's and this week's quests (docs/api.md).
    onUserCreated: [async (tx, userId) => void (await ensureCurrentQuests(tx, userId, clock.now()))],
  });
  const registrations = new RegistrationLimit({
    limit: new RateLimit(
      { keyPrefix: "register-network", points: config.REGISTRATIONS_PER_IP_PER_HOUR, duration: 3600 },
      redis,
    ),
    secret: config.JWT_SECRET,
    refusals,
  });
  const publicReads = new PublicReadLimit({
    limit: new RateLimit(
      { keyPrefix: "public-read-network", points: config.PUBLIC_READS_PER_IP_PER_MINUTE, duration: 60 },
      redis,
    ),
    secret: config.JWT_SECRET,
  });
  const accountLinks = new AccountLinks(db);
  const leaderboard: Leaderboard = redis
    ? new RedisLeaderboard({
        db,
        redis,
        prefix: LEADERBOARD_KEY_PREFIX,
        versions: new PushedCache({
          feed: new ChangeFeed({ channel: BOARD_VERSION_CHANNEL, redis, logger: parts.logger }),
          clock,
          ttlMs: BOARD_VERSION_MS,
          maxEntries: 1_000,
        }),
      })
    : new SqlLeaderboard(db);
  // The hot reads of a player's own state, on one feed; every write drops all of them through
  // PlayerCaches (Progression's grants, Economy, the time-zone change).
  const playerFeed = new ChangeFeed({ channel: PLAYER_CHANGES_CHANNEL, redis, logger: parts.logger });
  const playerCache = <T>(endsAt?: (value: T) => number) =>
    new PushedCache<T>({
      feed: playerFeed,
      clock,
      ttlMs: PLAYER_CACHE_MS,
      maxEntries: MAX_CACHED_PLAYERS,
      endsAt,
    });
  const profileCache = playerCache<ProfileRows>();
  const inventoryCache = playerCache<InventoryRows>();
  const questCache = playerCache<QuestRows>(questListEnd);
  const badgeCache = playerCache<EarnedBadgeRows>();
  const playerCaches = new PlayerCaches(playerFeed, profileCache, inventoryCache, questCache, badgeCache);
  const progression = new Progression({
    db,
    clock,
    notifier,
    leaderboard,
    logger: parts.logger,
    metrics: parts.metrics,
    playerChanges: playerCaches,
  });
  const quests = new Quests({ db, clock, progression, cache: questCache });
  const badges = new Badges(db);
  const playerProfiles = new PlayerProfiles({
    db,
    clock,
    leaderboard,
    cache: profileCache,
    badgeCache,
    playerChanges: playerCaches,
  });
  const economy = new Economy({
    db,
    progression,
    metrics: parts.metrics,
    cache: inventoryCache,
    playerChanges: playerCaches,
  });
  const dungeons = new DungeonBattles({
    db,
    clock,
    progression,
    economy,
    logger: parts.logger,
    metrics: parts.metrics,
  });
  const coding = new CodingSessions({ db, clock, progression, refusals, metrics: parts.metrics });
  const replays = new Replays({ db });
  const { challenges, attempts, sandbox } = createChallengeServices({
    db,
    clock,
    progression,
    refusals,
    accountLinks,
    redis,
    metrics: parts.metrics,
  });
  return {
    ...parts,
    refusals,
    coding,
    db,
    clock,
    notifier,
    access,
    sessions,
    playerCaches,
    accounts,
    loginProtection,
    registrations,
    publicReads,
    accountLinks,
    progression,
    leaderboard,
    quests,
    badges,
    playerProfiles,
    economy,
    exchange: new Exchange({ db, progression }),
    dungeons,
    replays,
    dashboard: new Dashboard({ db, clock, playerProfiles, quests, badges, coding, replays }),
    chatReports: new ChatReports({ db }),
    challenges,
    attempts,
    sandbox,
    clashes: new Clashes({ db, clock, progression, logger: parts.logger }),
  };
}
