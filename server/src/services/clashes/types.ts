import type { ClashMode, ClashStanding, clashLadderResponse } from "@levelup/shared";
import type { z } from "zod";

/** One player's result as the room ranked it (docs/game-rules.md, "Clashes"): the room's part of a standing. */
export type ClashPlayerResult = Pick<
  ClashStanding,
  "userId" | "place" | "passed" | "total" | "timeMs" | "codeLength" | "forfeited"
>;

export interface ClashSettlementInput {
  /** The room id. */
  clashId: string;
  mode: ClashMode;
  difficulty: "easy" | "medium" | "hard";
  problemId: string;
  startedAt: Date;
  players: ClashPlayerResult[];
}

/** What the settlement gave one player: the service's part of a standing. */
export type ClashPlayerOutcome = Pick<
  ClashStanding,
  "userId" | "ratingBefore" | "ratingAfter" | "provisional" | "xp" | "coins"
>;

export interface ClashSettlement {
  rated: boolean;
  outcomes: ClashPlayerOutcome[];
}

/** What the clash room and routes need of the clashes service (`ctx.clashes`). */
export interface ClashesService {
  /** Current rating (1500 for a newcomer) — for matchmaking and the player's state. */
  ratingOf(userId: string): Promise<{ rating: number; deviation: number; games: number; provisional: boolean }>;
  /**
   * Idempotent by clashId: a retry returns the stored settlement, nothing paid or rated twice.
   * One transaction: ratings (Glicko-2 multi-player race), results row, XP/coins via the
   * progression service with the daily cap, wins counted for quests/badges. Players linked by the
   * integrity rules (AccountLinks) are neither rated nor paid. Fewer than 2 rankable players →
   * rated:false, nothing written but the result row.
   */
  settle(input: ClashSettlementInput): Promise<ClashSettlement>;
  /** GET /api/game/clashes/ladder data (shape clashLadderResponse). */
  ladder(userId: string, limit: number): Promise<z.infer<typeof clashLadderResponse>>;
}
