import { z } from "zod";
import { isoDate, limitSchema } from "./common.ts";

/** `GET /api/admin/integrity/offenders`: players with at least `min` anti-cheat refusals, most first. */
export const offendersQuery = z.object({
  limit: limitSchema,
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
  /** Only players refused at least this many times in all (default 2: "repeatedly"). */
  min: z.coerce.number().int().min(1).max(1_000_000_000).default(2),
});

export const offenderSchema = z.object({
  userId: z.string(),
  username: z.string(),
  /** Refusals of this player by every rule. */
  total: z.number().int(),
  lastAt: isoDate,
  /** Refusals per rule name, e.g. {"coding.lines_per_minute": 12}. */
  rules: z.record(z.string(), z.number().int()),
});

export const offendersResponse = z.object({
  items: z.array(offenderSchema),
  /** The offset of the next page, or null on the last one. */
  nextOffset: z.number().int().nullable(),
});
