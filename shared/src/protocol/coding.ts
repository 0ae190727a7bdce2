import { z } from "zod";
import { cursorPageQuery, isoDate } from "./common.ts";

/** A language id as a client names it ("rust", "c++", "ts"…); the server maps it onto the multiplier table. */
const languageName = z
  .string()
  .min(1)
  .max(32)
  .regex(/^[A-Za-z0-9_+#.-]+$/, "language must be a name such as rust, cpp or typescript");

export const codingStartBody = z.object({
  projectName: z.string().trim().min(1).max(100).optional(),
  language: languageName.optional(),
});
export type CodingStartBody = z.infer<typeof codingStartBody>;

/** The Colyseus seat reservation exactly as the matchmaker makes it (for `client.consumeSeatReservation`). */
export const seatReservationSchema = z
  .object({
    name: z.string(),
    sessionId: z.string(),
    roomId: z.string(),
    processId: z.string(),
    publicAddress: z.string().optional(),
  })
  .passthrough();

export const codingStartResponse = z.object({
  sessionId: z.string(),
  roomId: z.string(),
  reservation: seatReservationSchema,
});
export type CodingStartResponse = z.infer<typeof codingStartResponse>;

export const codingEndBody = z.object({ sessionId: z.uuid() });

export const codingSessionSchema = z.object({
  id: z.string(),
  projectName: z.string().nullable(),
  language: z.string().nullable(),
  status: z.enum(["active", "ended"]),
  roomId: z.string().nullable(),
  linesWritten: z.number().int(),
  linesRemoved: z.number().int(),
  charactersTyped: z.number().int(),
  filesModified: z.number().int(),
  linesByLanguage: z.record(z.string(), z.number().int()),
  xpEarned: z.number().int(),
  coinsEarned: z.number().int(),
  acceptedUpdates: z.number().int(),
  rejectedUpdates: z.number().int(),
  startedAt: isoDate,
  lastActivityAt: isoDate,
  endedAt: isoDate.nullable(),
  endReason: z.string().nullable(),
});
export type CodingSession = z.infer<typeof codingSessionSchema>;

export const codingAchievementSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  icon: z.string(),
});

export const codingRewardsSchema = z.object({
  /** XP the whole session earned (batches paid while it ran plus the final part). */
  xp: z.number().int(),
  /** Coins for the session: 1 per 10 XP. */
  coins: z.number().int(),
  /** The level before this session's XP, and after it. */
  levelBefore: z.number().int(),
  levelAfter: z.number().int(),
  /** Badges this session unlocked. */
  achievements: z.array(codingAchievementSchema),
});
export type CodingRewards = z.infer<typeof codingRewardsSchema>;

export const codingEndResponse = z.object({ session: codingSessionSchema, rewards: codingRewardsSchema });
export type CodingEndResponse = z.infer<typeof codingEndResponse>;

export const codingSessionsQuery = cursorPageQuery;
export const codingSessionsResponse = z.object({
  items: z.array(codingSessionSchema),
  nextCursor: z.string().nullable(),
});

/** Room message types of the `coding` room (kept with the other rooms' names, free of zod for the web client). */
export { CodingMessage } from "./rooms.ts";

/** The bounds keep one message small; the plausibility caps then decide what is accepted. */
export const codingUpdateMessage = z.object({
  linesAdded: z.number().int().min(0).max(1_000_000),
  linesRemoved: z.number().int().min(0).max(1_000_000).optional(),
  characters: z.number().int().min(0).max(10_000_000).optional(),
  file: z.string().min(1).max(512).optional(),
  language: languageName.optional(),
});
export type CodingUpdateMessage = z.infer<typeof codingUpdateMessage>;

export const codingRejectedMessage = z.object({
  /**
   * too_many_lines: over 200 lines in one update; rate_limited: over the player's 600 lines a
   * minute; daily_limit: over the player's lines of the day (both across all the player's
   * sessions); session_ended: the session ended or continues in another room.
   */
  reason: z.enum(["too_many_lines", "rate_limited", "daily_limit", "session_ended"]),
  message: z.string(),
  /** For rate_limited and daily_limit: milliseconds until an update of that size fits again. */
  retryAfterMs: z.number().int().optional(),
  /**
   * For rate_limited and daily_limit: the refused update (refused on arrival, or at settlement when
   * the player's other sessions spent the budget first), so a tracker can queue its lines again.
   */
  update: z
    .object({ linesAdded: z.number().int(), file: z.string().optional(), language: z.string().optional() })
    .optional(),
});
export type CodingRejectedMessage = z.infer<typeof codingRejectedMessage>;

/** `xp_update` (docs/api.md): XP just gained, the new total and level. */
export const xpUpdateMessage = z.object({
  xp: z.number().int(),
  totalXp: z.number().int(),
  level: z.number().int(),
  leveledUp: z.boolean(),
});
export type XpUpdateMessage = z.infer<typeof xpUpdateMessage>;
