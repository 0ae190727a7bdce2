import type { BadgeCondition } from "../rules/badges.ts";

/** Badges every server starts with (the seed's three conditions and each other kind, at a few heights). */
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
  {
    id: "first_pass",
    name: "Bug Squasher",
    description: "Pass your first challenge",
    icon: "flag",
    condition: { type: "attempt_count", count: 1, status: "passed" },
  },
  {
    id: "first_clear",
    name: "Into the Depths",
    description: "Clear your first dungeon",
    icon: "sword",
    condition: { type: "dungeon_clears", count: 1 },
  },
  {
    id: "first_clash_win",
    name: "Quickest Draw",
    description: "Win your first code clash",
    icon: "bolt",
    condition: { type: "clash_wins", count: 1 },
  },
  {
    id: "level_10",
    name: "Journeyman",
    description: "Reach level 10",
    icon: "shield",
    condition: { type: "level", level: 10 },
  },
  {
    id: "rustacean",
    name: "Rustacean",
    description: "Write 500 lines of Rust",
    icon: "scroll",
    condition: { type: "lines_written", count: 500, language: "rust" },
  },
];
