import type { BadgeCondition } from "../rules/badges.ts";

/** Badges every server starts with (the seed's three conditions and one of each other kind). */
export const badgeCatalogue: {
  id: string;
  name: string;
  description: string;
  icon: string;
  condition: BadgeCondition;
}[] = [
  {
    id: "first_steps",
    name: "First Steps",
    description: "Earn your first 100 XP",
    icon: "sprout",
    condition: { type: "xp", threshold: 100 },
  },
  {
    id: "xp_1000",
    name: "Thousand Strong",
    description: "Earn 1,000 XP",
    icon: "star",
    condition: { type: "xp", threshold: 1000 },
  },
  {
    id: "challenger",
    name: "Challenger",
    description: "Pass 10 challenges",
    icon: "flag",
    condition: { type: "attempt_count", count: 10, status: "passed" },
  },
  {
    id: "week_streak",
    name: "On Fire",
    description: "Code 7 days in a row",
    icon: "flame",
    condition: { type: "consecutive_days", days: 7 },
  },
  {
    id: "level_5",
    name: "Apprentice",
    description: "Reach level 5",
    icon: "shield",
    condition: { type: "level", level: 5 },
  },
  {
    id: "dungeon_delver",
    name: "Dungeon Delver",
    description: "Clear 5 dungeons",
    icon: "sword",
    condition: { type: "dungeon_clears", count: 5 },
  },
  {
    id: "thousand_lines",
    name: "Wordsmith",
    description: "Write 1,000 lines of code",
    icon: "scroll",
    condition: { type: "lines_written", count: 1000 },
  },
  {
    id: "pythonista",
    name: "Pythonista",
    description: "Write 500 lines of Python",
    icon: "snake",
    condition: { type: "lines_written", count: 500, language: "python" },
  },
];
