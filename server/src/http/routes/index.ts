import type { AppContext } from "../../context.ts";
import type { Metrics } from "../../metrics.ts";
import type { RouteSpec } from "../route.ts";
import { adminChallengeRoutes } from "./adminChallenges.ts";
import { attemptRoutes } from "./attempts.ts";
import { authRoutes } from "./auth.ts";
import { challengeRoutes } from "./challenges.ts";
import { clashRoutes } from "./clashes.ts";
import { badgeRoutes } from "./badges.ts";
import { codingRoutes } from "./coding.ts";
import { dungeonRoutes } from "./dungeons.ts";
import { exchangeRoutes } from "./exchange.ts";
import { leaderboardRoutes } from "./leaderboard.ts";
import { moderationRoutes } from "./moderation.ts";
import { profileRoutes } from "./profile.ts";
import { questRoutes } from "./quests.ts";
import { integrityRoutes } from "./integrity.ts";
import { replayRoutes } from "./replays.ts";
import { inventoryRoutes } from "./inventory.ts";
import { serviceRoutes } from "./service.ts";
import { shopRoutes } from "./shop.ts";

/** Every REST route of the server, in one list: it mounts them and documents them. */
export function allRoutes(ctx: AppContext, metrics: Metrics, isDraining: () => boolean): RouteSpec[] {
  return [
    ...serviceRoutes(ctx, metrics, isDraining),
    ...authRoutes(ctx),
    ...challengeRoutes(ctx),
    ...attemptRoutes(ctx),
    ...codingRoutes(ctx),
    ...dungeonRoutes(ctx),
    ...clashRoutes(ctx),
    ...replayRoutes(ctx),
    ...moderationRoutes(ctx),
    ...shopRoutes(ctx),
    ...inventoryRoutes(ctx),
    ...profileRoutes(ctx),
    ...badgeRoutes(ctx),
    ...questRoutes(ctx),
    ...leaderboardRoutes(ctx),
    ...exchangeRoutes(ctx),
    ...integrityRoutes(ctx),
    ...adminChallengeRoutes(ctx),
  ];
}
