import type { Redis } from "ioredis";
import type { Db } from "../../db/client.ts";
import type { Metrics } from "../../metrics.ts";
import type { Clock } from "../clock.ts";
import type { AccountLinks } from "../integrity/AccountLinks.ts";
import type { Refusals } from "../integrity/Refusals.ts";
import type { Progression } from "../progression/Progression.ts";
import { RateLimit } from "../rateLimits.ts";
import { constantTimeEqual } from "./answerHash.ts";
import { Attempts } from "./Attempts.ts";
import { ChallengeGrader } from "./ChallengeGrader.ts";
import { Challenges } from "./Challenges.ts";
import { CodeSandbox } from "./sandbox/CodeSandbox.ts";

/**
 * Builds the challenge feature: catalogue, grader (with its worker-thread sandbox) and attempts,
 * with their abuse limits (counters in Redis when configured).
 */
export function createChallengeServices(deps: {
  db: Db;
  clock: Clock;
  progression: Progression;
  refusals: Refusals;
  accountLinks: AccountLinks;
  redis: Redis | undefined;
  metrics: Metrics;
}): { challenges: Challenges; attempts: Attempts; sandbox: CodeSandbox } {
  const { db, clock, progression, refusals, accountLinks, redis, metrics } = deps;
  const challenges = new Challenges({
    db,
    clock,
    createLimit: new RateLimit({ keyPrefix: "challenge-create", points: 20, duration: 3600 }, redis),
  });
  const sandbox = new CodeSandbox({ metrics });
  metrics.watchGraderQueue(() => sandbox.waiting);
  const grader = new ChallengeGrader(sandbox, constantTimeEqual);
  const attempts = new Attempts({
    db,
    clock,
    challenges,
    grader,
    progression,
    refusals,
    accountLinks,
    limits: {
      startPerUser: new RateLimit({ keyPrefix: "attempt-start", points: 60, duration: 60 }, redis),
      submitPerUser: new RateLimit({ keyPrefix: "attempt-submit", points: 20, duration: 60 }, redis),
      submitPerChallenge: new RateLimit({ keyPrefix: "attempt-submit-challenge", points: 5, duration: 60 }, redis),
    },
  });
  return { challenges, attempts, sandbox };
}
