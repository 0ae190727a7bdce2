import { type SchemaType, schema, t } from "@colyseus/schema";

// The schema() helper rather than decorators: the server runs shared/ through tsx without this
// workspace's tsconfig, where decorators would compile to the standard (not legacy) form.

export const CombatStatsState = schema(
  {
    attack: t.uint16(),
    defense: t.uint16(),
    speed: t.uint16(),
    /** 0–1. */
    critChance: t.float32(),
  },
  "CombatStatsState",
);
export type CombatStatsState = SchemaType<typeof CombatStatsState>;

export const SkillState = schema(
  {
    id: t.string(),
    name: t.string(),
    element: t.string(),
    target: t.string(),
    /** Own turns left before it can be used again (0: ready). */
    cooldown: t.uint8(),
    maxCooldown: t.uint8(),
  },
  "SkillState",
);
export type SkillState = SchemaType<typeof SkillState>;

export const ItemStackState = schema({ itemId: t.string(), name: t.string(), quantity: t.uint16() }, "ItemStackState");
export type ItemStackState = SchemaType<typeof ItemStackState>;

/** One seated player, keyed by sessionId in DungeonState.players. */
export const DungeonPlayerState = schema(
  {
    userId: t.string(),
    name: t.string(),
    level: t.uint16().default(1),
    element: t.string().default("neutral"),
    hp: t.int32(),
    maxHp: t.int32(),
    stats: t.ref(CombatStatsState),
    connected: t.boolean().default(true),
    ready: t.boolean(),
    defending: t.boolean(),
    /** Gave up the seat during the battle: skipped and not rewarded. */
    left: t.boolean(),
    skills: t.array(SkillState),
    items: t.array(ItemStackState),
  },
  "DungeonPlayerState",
);
export type DungeonPlayerState = SchemaType<typeof DungeonPlayerState>;

export const EnemyState = schema(
  {
    id: t.string(),
    enemyId: t.string(),
    name: t.string(),
    element: t.string().default("neutral"),
    hp: t.int32(),
    maxHp: t.int32(),
    boss: t.boolean(),
    /** Boss phase reached (0: none) and its name. */
    phase: t.uint8(),
    phaseName: t.string(),
    /**
     * The move this enemy plans this round. Only players see it (their StateView holds every
     * enemy): knowing it is a tactical reward for fighting, and a spectator's stream stays smaller.
     */
    intent: t.string().view(),
    /** Whom that move would hit now (player keys, comma-separated; "?" when the dice pick; "" none). Players only. */
    intentTarget: t.string().view(),
  },
  "EnemyState",
);
export type EnemyState = SchemaType<typeof EnemyState>;

/** The live state of one dungeon battle (docs/api.md, `dungeon` room), shared so the client decodes it. */
export const DungeonState = schema(
  {
    dungeonId: t.string(),
    /** "waiting" | "battle" | "victory" | "defeat". */
    phase: t.string().default("waiting"),
    round: t.uint16(),
    /** sessionId of the player whose turn it is ("" when nobody's). */
    currentTurn: t.string(),
    /** When the current turn times out (auto-defend), epoch milliseconds of the server's clock; 0: no timer. */
    turnEndsAt: t.float64(),
    players: t.map(DungeonPlayerState),
    enemies: t.map(EnemyState),
    /** sessionIds of players and ids of enemies, in acting order. */
    turnOrder: t.array("string"),
    /** The latest lines of the battle, oldest first (bounded). */
    log: t.array("string"),
    spectators: t.uint16(),
    /** The leader locked the party: no new players. */
    locked: t.boolean(),
    /** sessionId of the party leader. */
    leaderId: t.string(),
  },
  "DungeonState",
);
export type DungeonState = SchemaType<typeof DungeonState>;
