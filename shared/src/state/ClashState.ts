import { type SchemaType, schema, t } from "@colyseus/schema";

// The schema() helper rather than decorators: see DungeonState.ts.

/** What everyone in the room sees of one player, live: progress, never code. */
export const ClashPlayerState = schema(
  {
    userId: t.string(),
    username: t.string(),
    rating: t.uint16(),
    /** False while the player's connection is down (within the reconnection window). */
    connected: t.boolean().default(true),
    /** Characters of the player's code now (from `clash_progress`). */
    chars: t.uint32(),
    submissions: t.uint16(),
    /** Validators passed by the best submission, out of `total`. */
    passed: t.uint8(),
    total: t.uint8(),
    /** Passed every validator: done, their time is `solvedMs`. */
    solved: t.boolean(),
    /** Milliseconds from the start to the best submission (0 without one). */
    solvedMs: t.uint32(),
    forfeited: t.boolean(),
    /** Filled at the end: place (1-based) and rating change. */
    place: t.uint8(),
    ratingDelta: t.int16(),
  },
  "ClashPlayerState",
);
export type ClashPlayerState = SchemaType<typeof ClashPlayerState>;

/** One graded submission on the clash's timeline (test runs are not on it). */
export const ClashSubmissionState = schema(
  { userId: t.string(), atMs: t.uint32(), passed: t.uint8(), total: t.uint8() },
  "ClashSubmissionState",
);
export type ClashSubmissionState = SchemaType<typeof ClashSubmissionState>;

/** The live state of one `clash` room (docs/api.md, "Clashes"), for players and spectators alike. */
export const ClashState = schema(
  {
    phase: t.string().default("lobby"),
    /** Drawn when the creator starts; "" in the lobby. */
    mode: t.string(),
    difficulty: t.string(),
    problemId: t.string(),
    ownerId: t.string(),
    private: t.boolean(),
    language: t.string(),
    /** Epoch ms: the countdown's end (the start), and the time limit's end. 0 until known. */
    startsAt: t.float64(),
    endsAt: t.float64(),
    players: t.map(ClashPlayerState),
    timeline: t.array(ClashSubmissionState),
    spectators: t.uint16(),
    winnerId: t.string(),
  },
  "ClashState",
);
export type ClashState = SchemaType<typeof ClashState>;
