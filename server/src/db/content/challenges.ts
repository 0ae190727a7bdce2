import { challengeSeeds } from "../../content/challenges.ts";
import { hashAnswer } from "../../services/challenges/answerHash.ts";
import type { Tx } from "../client.ts";
import { challenges } from "../schema.ts";
import type { ContentSet } from "./loader.ts";

/** The seeded challenges, upserted by contentKey; flags are stored only as salted hashes. */
export const challengesContent: ContentSet = {
  name: "challenges",
  data: challengeSeeds,
  async apply(tx: Tx) {
    const now = new Date();
    for (const seed of challengeSeeds) {
      const row = {
        contentKey: seed.contentKey,
        type: seed.type,
        title: seed.title,
        description: seed.description,
        difficulty: seed.difficulty,
        xpReward: seed.xpReward,
        coinReward: seed.coinReward,
        answerHash: "answer" in seed ? await hashAnswer(seed.answer) : null,
        choices: seed.type === "SYSTEM_DESIGN" ? seed.choices : null,
        correctChoices: seed.type === "SYSTEM_DESIGN" ? seed.correctChoices : null,
        language: seed.type === "CODE" ? "javascript" : null,
        starterCode: seed.type === "CODE" ? seed.starterCode : null,
        tests: seed.type === "CODE" ? seed.tests : null,
        updatedAt: now,
      };
      const { contentKey: _key, ...changes } = row;
      await tx
        .insert(challenges)
        .values({ ...row, createdAt: now })
        .onConflictDoUpdate({ target: challenges.contentKey, set: changes });
    }
  },
};
