import type { QuestPeriod, QuestRequirement, QuestRewards } from "../rules/quests.ts";

/** Quest templates: every active one becomes a quest for each player in each period. */
export const questTemplateCatalogue: {
  id: string;
  period: QuestPeriod;
  title: string;
  description: string;
  requirements: QuestRequirement[];
  rewards: QuestRewards;
}[] = [
  {
    id: "daily_lines",
    period: "DAILY",
    title: "Daily Scribe",
    description: "Write 50 lines of code today",
    requirements: [{ kind: "lines_written", target: 50 }],
    rewards: { xp: 50, coins: 20 },
  },
  {
    id: "daily_challenge",
    period: "DAILY",
    title: "Daily Puzzle",
    description: "Pass a challenge today",
    requirements: [{ kind: "challenges_passed", target: 1 }],
    rewards: { xp: 40, coins: 15 },
  },
  {
    id: "daily_focus",
    period: "DAILY",
    title: "Focused Quarter",
    description: "Code for 15 minutes today",
    requirements: [{ kind: "coding_minutes", target: 15 }],
    rewards: { xp: 30, coins: 10 },
  },
  {
    id: "daily_clash",
    period: "DAILY",
    title: "Quick Draw",
    description: "Win a code clash today",
    requirements: [{ kind: "clash_wins", target: 1 }],
    rewards: { xp: 40, coins: 15 },
  },
  {
    id: "weekly_lines",
    period: "WEEKLY",
    title: "Weekly Author",
    description: "Write 500 lines of code this week",
    requirements: [{ kind: "lines_written", target: 500 }],
    rewards: { xp: 300, coins: 100, gems: 1 },
  },
  {
    id: "weekly_dungeons",
    period: "WEEKLY",
    title: "Dungeon Week",
    description: "Clear 3 dungeons this week",
    requirements: [{ kind: "dungeon_clears", target: 3 }],
    rewards: { xp: 250, coins: 80, gems: 1 },
  },
  {
    id: "weekly_shopper",
    period: "WEEKLY",
    title: "Well Equipped",
    description: "Buy an item and pass 3 challenges this week",
    requirements: [
      { kind: "items_bought", target: 1 },
      { kind: "challenges_passed", target: 3 },
    ],
    rewards: { xp: 200, coins: 50, gems: 2 },
  },
];
