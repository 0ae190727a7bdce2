export type {
  PublicChallenge as Challenge,
  SubmitAttemptResponse as AttemptResult,
} from "@levelup/shared/protocol/challenges";

export const CHALLENGE_TYPES = ["CTF", "BUG_BOUNTY", "SYSTEM_DESIGN", "CODE"] as const;
