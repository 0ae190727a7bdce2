import type { Presence } from "@colyseus/core";
import type { Redis } from "ioredis";
import type { Config } from "./config.ts";
import type { Database, Db } from "./db/client.ts";
import type { Logger } from "./logger.ts";
import type { Metrics } from "./metrics.ts";
import type { Notifier } from "./realtime/Notifier.ts";
import type { Accounts } from "./services/auth/accounts.ts";
import type { LoginProtection } from "./services/auth/loginProtection.ts";
import type { SessionRevocations } from "./services/auth/sessionRevocations.ts";
import type { RegistrationLimit } from "./services/auth/registrationLimit.ts";
import type { PublicReadLimit } from "./services/auth/publicReadLimit.ts";
import type { Dashboard } from "./services/progression/Dashboard.ts";
import type { AccessTokens } from "./services/auth/tokens.ts";
import type { Attempts } from "./services/challenges/Attempts.ts";
import type { CodeSandbox } from "./services/challenges/sandbox/CodeSandbox.ts";
import type { Challenges } from "./services/challenges/Challenges.ts";
import type { Clashes } from "./services/clashes/Clashes.ts";
import type { Clock } from "./services/clock.ts";
import type { CodingSessions } from "./services/coding/CodingSessions.ts";
import type { DungeonBattles } from "./services/dungeons/DungeonBattles.ts";
import type { Replays } from "./services/dungeons/Replays.ts";
import type { Economy } from "./services/economy/Economy.ts";
import type { Exchange } from "./services/economy/Exchange.ts";
import type { AccountLinks } from "./services/integrity/AccountLinks.ts";
import type { Refusals } from "./services/integrity/Refusals.ts";
import type { Leaderboard } from "./services/leaderboard/Leaderboard.ts";
import type { ChatReports } from "./services/moderation/ChatReports.ts";
import type { Badges } from "./services/progression/Badges.ts";
import type { PlayerProfiles } from "./services/progression/PlayerProfiles.ts";
import type { Progression } from "./services/progression/Progression.ts";
import type { Quests } from "./services/progression/Quests.ts";
import type { PlayerCaches } from "./services/playerCaches.ts";

/**
 * Everything a request handler or room may use, built once per process by startServer().
 * Features add their service here and construct it in services/index.ts.
 */
export interface AppContext {
  config: Config;
  logger: Logger;
  metrics: Metrics;
  refusals: Refusals;
  database: Database;
  db: Db;
  redis: Redis | undefined;
  presence: Presence;
  clock: Clock;
  notifier: Notifier;
  access: AccessTokens;
  sessions: SessionRevocations;
  /** The reads kept in process by player (profile, inventory, quests), dropped on every process by each write (services/playerCaches.ts). */
  playerCaches: PlayerCaches;
  accounts: Accounts;
  loginProtection: LoginProtection;
  registrations: RegistrationLimit;
  /** Anonymous reads of the public routes, per network (auth: "public" in http/route.ts). */
  publicReads: PublicReadLimit;
  dashboard: Dashboard;
  accountLinks: AccountLinks;
  progression: Progression;
  challenges: Challenges;
  attempts: Attempts;
  /** The one pool of worker threads that runs players' code (challenges and clashes share its round-robin). */
  sandbox: CodeSandbox;
  coding: CodingSessions;
  leaderboard: Leaderboard;
  quests: Quests;
  badges: Badges;
  playerProfiles: PlayerProfiles;
  economy: Economy;
  exchange: Exchange;
  dungeons: DungeonBattles;
  replays: Replays;
  chatReports: ChatReports;
  /** Clash ratings, settlement and ladder (the clash room and routes). */
  clashes: Clashes;
}
