import { z } from "zod";
import { publicChallengeSchema } from "./challenges.ts";
import { isoDate, limitSchema } from "./common.ts";

/**
 * `GET /api/admin/challenges`: challenges made by players (not seeded, not by an admin), for an
 * admin to review; `status=pending` (default) lists those nobody reviewed yet, oldest first.
 */
export const reviewQueueQuery = z.object({
  status: z.enum(["pending", "approved", "all"]).default("pending"),
  limit: limitSchema,
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});
export type ReviewQueueQuery = z.infer<typeof reviewQueueQuery>;

export const reviewedChallengeSchema = publicChallengeSchema.extend({
  creatorName: z.string().nullable().describe("null when the creator's account was deleted"),
  reviewedAt: isoDate.nullable(),
});
export type ReviewedChallenge = z.infer<typeof reviewedChallengeSchema>;

export const reviewQueueResponse = z.object({
  items: z.array(reviewedChallengeSchema),
  /** The offset of the next page, or null on the last one. */
  nextOffset: z.number().int().nullable(),
});
export type ReviewQueuePage = z.infer<typeof reviewQueueResponse>;

/**
 * `POST /api/admin/challenges/:id/review`: `approve` marks it reviewed (it stays listed);
 * `hide` takes it out of every list and stops new attempts (the soft delete of DELETE
 * /api/game/challenges/:id), attempts already made and rewards paid stay.
 */
export const reviewChallengeBody = z.object({ decision: z.enum(["approve", "hide"]) });
export const reviewChallengeResponse = z.object({
  id: z.string(),
  decision: z.enum(["approve", "hide"]),
  reviewedAt: isoDate,
});
