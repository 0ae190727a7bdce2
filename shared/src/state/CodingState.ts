import { type SchemaType, schema, t } from "@colyseus/schema";

/**
 * The live state of one coding session (docs/api.md, `coding` room), synced to its owner's clients.
 * Shared so the client decodes with the same class the room encodes. Only what the session owns:
 * the player's total XP and level are news of the player, pushed by the hub (docs/architecture.md).
 */
export const CodingState = schema(
  {
    sessionId: t.string(),
    projectName: t.string(),
    /** The language of the latest accepted update (or the one the session started with). */
    language: t.string(),
    /** Accepted lines added (only these earn XP). */
    linesWritten: t.uint32(),
    linesRemoved: t.uint32(),
    charactersTyped: t.uint32(),
    filesModified: t.uint32(),
    /** XP this session earned so far (lines × multiplier per language), paid or about to be. */
    xpEarned: t.uint32(),
    /** ISO-8601 UTC. */
    startedAt: t.string(),
    active: t.boolean().default(true),
    acceptedUpdates: t.uint32(),
    /** Updates refused by the plausibility caps. */
    rejectedUpdates: t.uint32(),
  },
  "CodingState",
);
export type CodingState = SchemaType<typeof CodingState>;
