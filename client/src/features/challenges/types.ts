/** A challenge as GET /api/game/challenges returns it (no solution, no hash). */
export interface Challenge {
  id: string;
  title: string;
  description: string;
  type: "CTF" | "BUG_BOUNTY" | "SYSTEM_DESIGN" | "CODE";
  difficulty: string;
  xpReward: number;
  coinReward: number;
  /** SYSTEM_DESIGN: the options to choose from. */
  choices?: { id: string; text: string }[] | string[];
  /** CODE: the function the player starts from. */
  starterCode?: string;
}

export interface AttemptResult {
  id: string;
  status: "passed" | "failed";
  score: number;
  xpAwarded: number;
  coinsAwarded: number;
}

export const CHALLENGE_TYPES = ["CTF", "BUG_BOUNTY", "SYSTEM_DESIGN", "CODE"] as const;
