import { z } from "zod";
import { MAX_CODE_LENGTH, MAX_FLAG_LENGTH } from "../rules/challengeScoring.ts";
import { boundedJson, isoDate, limitSchema, multilineText, text } from "./common.ts";

/** Challenge and attempt bodies of docs/api.md (`/api/game/challenges`, `/api/game/attempts`). */

export const challengeTypeSchema = z.enum(["CTF", "BUG_BOUNTY", "SYSTEM_DESIGN", "CODE"]);

const difficulty = z.number().int().min(1).max(5);
const common = {
  title: text().trim().min(3).max(120),
  description: multilineText().trim().min(1).max(10_000).describe("markdown"),
  difficulty,
  xpReward: z.number().int().min(0).max(10_000),
  coinReward: z.number().int().min(0).max(5_000),
};

const flagAnswer = text()
  .max(MAX_FLAG_LENGTH)
  .refine((s) => s.trim().length > 0, "answer must not be empty");

const choiceSchema = z.object({
  id: z.string().regex(/^[a-z0-9_-]{1,32}$/, "choice ids are 1–32 of a-z, 0-9, _ and -"),
  text: text().trim().min(1).max(500),
});
/** One choice of a quiz challenge (`challenges.choices`). */
export type ChallengeChoice = z.infer<typeof choiceSchema>;

/** One CODE test: call the solution's function `fn` with `args` and expect `expected` (deep equality of JSON). */
export const codeTestSchema = z.object({
  fn: z.string().regex(/^[A-Za-z_$][A-Za-z0-9_$]{0,63}$/, "fn must be a function name"),
  args: z.array(boundedJson()).max(10),
  expected: boundedJson(),
  /** Visible tests are shown to players with their failure message; the others stay hidden. */
  visible: z.boolean().default(false),
});
export type CodeTest = z.infer<typeof codeTestSchema>;

const choicesFields = {
  choices: z
    .array(choiceSchema)
    .min(2)
    .max(12)
    .refine((cs) => new Set(cs.map((c) => c.id)).size === cs.length, "choice ids must be unique"),
  correctChoices: z.array(z.string().max(32)).min(1).max(12),
};
const codeFields = {
  language: z.literal("javascript"),
  starterCode: multilineText().max(MAX_CODE_LENGTH).default(""),
  tests: z
    .array(codeTestSchema)
    .min(1)
    .max(20)
    .refine((ts) => JSON.stringify(ts).length <= 50_000, "tests are too large (50 000 characters of JSON at most)"),
};

export const createChallengeBody = z
  .discriminatedUnion("type", [
    z.object({ type: z.literal("CTF"), ...common, answer: flagAnswer }),
    z.object({ type: z.literal("BUG_BOUNTY"), ...common, answer: flagAnswer }),
    z.object({ type: z.literal("SYSTEM_DESIGN"), ...common, ...choicesFields }),
    z.object({ type: z.literal("CODE"), ...common, ...codeFields }),
  ])
  .superRefine(checkCorrectChoices);
export type CreateChallengeBody = z.infer<typeof createChallengeBody>;

/** PUT: `type` names the challenge's (unchangeable) type; every other field is optional. */
export const updateChallengeBody = z
  .discriminatedUnion("type", [
    z.object({ type: z.literal("CTF"), ...partial(common), answer: flagAnswer.optional() }),
    z.object({ type: z.literal("BUG_BOUNTY"), ...partial(common), answer: flagAnswer.optional() }),
    z.object({
      type: z.literal("SYSTEM_DESIGN"),
      ...partial(common),
      choices: choicesFields.choices.optional(),
      correctChoices: choicesFields.correctChoices.optional(),
    }),
    z.object({
      type: z.literal("CODE"),
      ...partial(common),
      language: codeFields.language.optional(),
      starterCode: multilineText().max(MAX_CODE_LENGTH).optional(),
      tests: codeFields.tests.optional(),
    }),
  ])
  .superRefine(checkCorrectChoices);
export type UpdateChallengeBody = z.infer<typeof updateChallengeBody>;

function partial<T extends Record<string, z.ZodType>>(shape: T): { [K in keyof T]: z.ZodOptional<T[K]> } {
  return Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, v.optional()])) as {
    [K in keyof T]: z.ZodOptional<T[K]>;
  };
}

function checkCorrectChoices(
  body: { type: string; choices?: { id: string }[]; correctChoices?: string[] },
  ctx: z.RefinementCtx,
): void {
  if (body.type !== "SYSTEM_DESIGN" || !body.choices || !body.correctChoices) return;
  const ids = new Set(body.choices.map((c) => c.id));
  if (!body.correctChoices.every((id) => ids.has(id))) {
    ctx.addIssue({ code: "custom", path: ["correctChoices"], message: "correctChoices must name ids of choices" });
  }
}

export const listChallengesQuery = z.object({
  type: challengeTypeSchema.optional(),
  difficulty: z.coerce.number().int().min(1).max(5).optional(),
  /** Words searched in titles and descriptions; empty means no filter. */
  q: z.string().trim().max(100).optional(),
  limit: limitSchema,
  cursor: z.string().max(200).optional(),
});
export type ListChallengesQuery = z.infer<typeof listChallengesQuery>;

/** What players see of a challenge: never the answer, its hash, the correct choices or hidden tests. */
export const publicChallengeSchema = z.object({
  id: z.string(),
  type: challengeTypeSchema,
  title: z.string(),
  description: z.string(),
  difficulty: z.number().int(),
  xpReward: z.number().int(),
  coinReward: z.number().int(),
  creatorId: z.string().nullable(),
  /**
   * The stable id of a seeded challenge (null for one made by a player or an admin): clients
   * show a seeded challenge's title, description and choices from their own catalogues by it.
   */
  contentKey: z.string().nullable(),
  createdAt: isoDate,
  updatedAt: isoDate,
  /** SYSTEM_DESIGN: the choices to pick from. */
  choices: z.array(choiceSchema).optional(),
  /** CODE only. */
  language: z.literal("javascript").optional(),
  starterCode: z.string().optional(),
  visibleTests: z.array(codeTestSchema.omit({ visible: true })).optional(),
  testCount: z.number().int().optional(),
});
export type PublicChallenge = z.infer<typeof publicChallengeSchema>;

export const challengePageSchema = z.object({
  items: z.array(publicChallengeSchema),
  nextCursor: z.string().nullable(),
});

/**
 * A flag or bug-bounty answer (string), the chosen ids of a SYSTEM_DESIGN challenge (array, or one id),
 * or the JavaScript source of a CODE solution (at most MAX_CODE_LENGTH characters).
 */
export const answerSchema = z.union([
  multilineText().max(MAX_CODE_LENGTH, `answers are at most ${MAX_CODE_LENGTH} characters`),
  z.array(z.string().max(32)).max(12),
]);

export const startAttemptBody = z.object({ challengeId: z.uuid() });
export const submitAttemptBody = z.object({ answer: answerSchema });
export const oneStepSubmitBody = z.object({ challengeId: z.uuid(), answer: answerSchema });

/** One CODE test's outcome; `message` and `output` only for visible tests. */
export const testResultSchema = z.object({
  index: z.number().int(),
  visible: z.boolean(),
  passed: z.boolean(),
  message: z.string().optional(),
  output: z.string().optional(),
});
export type TestResult = z.infer<typeof testResultSchema>;

export const attemptStatusSchema = z.enum(["started", "grading", "passed", "failed"]);

export const attemptSchema = z.object({
  id: z.string(),
  challengeId: z.string(),
  challengeTitle: z.string(),
  challengeType: challengeTypeSchema,
  status: attemptStatusSchema,
  score: z.number().int().nullable(),
  xpAwarded: z.number().int(),
  coinsAwarded: z.number().int(),
  results: z.array(testResultSchema).nullable(),
  startedAt: isoDate,
  submittedAt: isoDate.nullable(),
});
export type Attempt = z.infer<typeof attemptSchema>;

export const startedAttemptSchema = z.object({
  id: z.string(),
  challengeId: z.string(),
  status: z.literal("started"),
  startedAt: isoDate,
});

export const attemptPageSchema = z.object({ items: z.array(attemptSchema), nextCursor: z.string().nullable() });
export const listAttemptsQuery = z.object({ limit: limitSchema, cursor: z.string().max(200).optional() });

/** What a submission paid, as the coding session's rewards read. */
export const attemptRewardsSchema = z.object({
  xp: z.number().int(),
  coins: z.number().int(),
  levelBefore: z.number().int(),
  levelAfter: z.number().int(),
  achievements: z.array(z.object({ id: z.string(), name: z.string(), description: z.string(), icon: z.string() })),
  /**
   * Why nothing was paid, when nothing was: "failed", "own_challenge", "already_rewarded", or a rule of
   * player-made content (shared/src/rules/playerContentRewards.ts): "linked_accounts", "new_account", "daily_cap".
   */
  reason: z
    .enum(["failed", "own_challenge", "already_rewarded", "linked_accounts", "new_account", "daily_cap"])
    .optional(),
});
export type AttemptRewards = z.infer<typeof attemptRewardsSchema>;

export const submitAttemptResponse = z.object({
  id: z.string(),
  challengeId: z.string(),
  status: z.enum(["passed", "failed"]),
  score: z.number().int(),
  xpAwarded: z.number().int(),
  coinsAwarded: z.number().int(),
  rewards: attemptRewardsSchema,
  results: z.array(testResultSchema).nullable(),
});
export type SubmitAttemptResponse = z.infer<typeof submitAttemptResponse>;

export const oneStepSubmitResponse = z.object({
  correct: z.boolean(),
  score: z.number().int(),
  rewards: attemptRewardsSchema,
  attemptId: z.string(),
  results: z.array(testResultSchema).nullable(),
});
