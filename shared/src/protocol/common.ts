import { z } from "zod";

/** `limit` of every list route: default 20, at most 100 (API.md). */
export const limitSchema = z.coerce.number().int().min(1).max(100).default(20);

export const cursorPageQuery = z.object({
  limit: limitSchema,
  cursor: z.string().max(200).optional(),
});

export const errorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.unknown().optional(),
  }),
});

export const idParam = z.object({ id: z.string().min(1).max(64) });

export const isoDate = z.string().describe("ISO-8601 UTC timestamp");

/** A room message without a payload (`ready`, `lock`, `coding_end`…): nothing, or an empty object. */
export const emptyMessage = z.union([z.undefined(), z.null(), z.strictObject({})]);
