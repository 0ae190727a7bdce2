import { z } from "zod";
import { cursorPageQuery } from "./common.ts";
import { consumableEffectSchema, elementSchema } from "./economy.ts";

export const replayParams = z.object({ id: z.uuid() });

const replayMember = z.object({
  id: z.string().describe("seat id (p1…p4, join order); never the user id"),
  name: z.string(),
  level: z.number().int(),
  element: elementSchema,
  stats: z.object({
    maxHp: z.number(),
    attack: z.number(),
    defense: z.number(),
    speed: z.number(),
    critChance: z.number(),
  }),
  skills: z.array(z.string()),
  items: z
    .array(
      z.object({
        itemId: z.string(),
        name: z.string(),
        quantity: z.number().int(),
        effect: consumableEffectSchema,
      }),
    )
    .describe("only the consumables the log uses, as many as it uses"),
});

const replayAction = z.object({
  actorId: z.string(),
  action: z.enum(["attack", "skill", "defend", "item", "leave"]),
  targetId: z.string().optional(),
  skillId: z.string().optional(),
  itemId: z.string().optional(),
  auto: z.boolean().optional(),
});

export const battleOutcomeSchema = z.object({
  phase: z.enum(["battle", "victory", "defeat"]),
  round: z.number().int(),
  actionCount: z.number().int(),
  players: z.array(z.object({ id: z.string(), hp: z.number().int(), left: z.boolean() })),
  enemies: z.array(z.object({ id: z.string(), hp: z.number().int() })),
  drops: z.record(z.string(), z.object({ gems: z.number().int() })),
});

/**
 * GET /api/game/battles/:id/replay: a finished battle as anyone may watch it. The client rebuilds
 * every turn with the shared engine (rules/replay.ts) from dungeonId, seed, party and actions;
 * `result` is the end the server stored, which the last turn must equal.
 */
export const battleReplay = z.object({
  id: z.string(),
  dungeonId: z.string(),
  seed: z.number().int(),
  party: z.array(replayMember),
  actions: z.array(replayAction),
  result: battleOutcomeSchema,
  startedAt: z.string().describe("ISO-8601"),
  endedAt: z.string().describe("ISO-8601"),
});
export type BattleReplay = z.infer<typeof battleReplay>;

/** `recent`: newest first, paged by cursor. `best`: victories in the hardest dungeons in the fewest rounds (top `limit`). */
export const replayListQuery = cursorPageQuery.extend({ order: z.enum(["recent", "best"]).default("recent") });

export const replaySummary = z.object({
  id: z.string(),
  dungeonId: z.string(),
  phase: z.enum(["victory", "defeat"]),
  round: z.number().int(),
  players: z.array(z.object({ name: z.string(), level: z.number().int(), element: elementSchema })),
  endedAt: z.string().describe("ISO-8601"),
});
export type ReplaySummary = z.infer<typeof replaySummary>;
export const replayListResponse = z.object({ items: z.array(replaySummary), nextCursor: z.string().nullable() });
