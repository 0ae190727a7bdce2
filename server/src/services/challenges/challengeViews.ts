import type { PublicChallenge } from "@levelup/shared";
import type { ChallengeRow } from "./ChallengeGrader.ts";

/**
 * The only way a challenge row leaves the server: fields are copied one by one, so the answer
 * hash, the correct choices and hidden tests can never ride along with a new column.
 */
export function toPublicChallenge(row: ChallengeRow): PublicChallenge {
  const view: PublicChallenge = {
    id: row.id,
    type: row.type,
    title: row.title,
    description: row.description,
    difficulty: row.difficulty,
    xpReward: row.xpReward,
    coinReward: row.coinReward,
    creatorId: row.creatorId,
    contentKey: row.contentKey,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
  if (row.type === "SYSTEM_DESIGN") {
    view.choices = (row.choices ?? []).map((c) => ({ id: c.id, text: c.text }));
  }
  if (row.type === "CODE") {
    const tests = row.tests ?? [];
    view.language = "javascript";
    view.starterCode = row.starterCode ?? "";
    view.visibleTests = tests.filter((t) => t.visible).map((t) => ({ fn: t.fn, args: t.args, expected: t.expected }));
    view.testCount = tests.length;
  }
  return view;
}
