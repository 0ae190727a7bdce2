import type { Element } from "../rules/stats.ts";

/** One possible rare drop, rolled per player at victory by the battle's seeded generator. */
export interface RewardDrop {
  /** 0–1. */
  chance: number;
  gems: number;
}

/** A dungeon's `rewards` JSON (seed): paid to every player still in the party at victory. */
export interface DungeonRewards {
  xp: number;
  coins: number;
  /** XP each remaining player gets on defeat. */
  consolationXp: number;
  drops: RewardDrop[];
}

export interface DungeonDef {
  id: string;
  name: string;
  description: string;
  /** 1 (easy) – 5 (hard). */
  difficulty: number;
  requiredLevel: number;
  element: Element;
  /** Enemy ids (content/enemies.ts) in the order they line up. */
  enemies: string[];
  rewards: DungeonRewards;
}

export const DUNGEONS: readonly DungeonDef[] = [
  {
    id: "slime_cave",
    name: "Slime Cave",
    description: "A damp tunnel where new adventurers learn to swing a sword.",
    difficulty: 1,
    requiredLevel: 1,
    element: "water",
    enemies: ["slime", "slime"],
    rewards: { xp: 40, coins: 15, consolationXp: 5, drops: [{ chance: 0.05, gems: 1 }] },
  },
  {
    id: "ember_mines",
    name: "Ember Mines",
    description: "Abandoned shafts lit by restless bats and a golem of cooling lava.",
    difficulty: 2,
    requiredLevel: 3,
    element: "fire",
    enemies: ["ember_bat", "magma_golem"],
    rewards: { xp: 90, coins: 35, consolationXp: 10, drops: [{ chance: 0.06, gems: 2 }] },
  },
  {
    id: "verdant_grove",
    name: "Verdant Grove",
    description: "Sprites guard an old treant that does not like visitors.",
    difficulty: 2,
    requiredLevel: 5,
    element: "grass",
    enemies: ["thorn_sprite", "treant", "thorn_sprite"],
    rewards: { xp: 150, coins: 60, consolationXp: 15, drops: [{ chance: 0.08, gems: 2 }] },
  },
  {
    id: "tide_temple",
    name: "Tide Temple",
    description: "A drowned temple; the Kraken rises when its sharks fall.",
    difficulty: 3,
    requiredLevel: 8,
    element: "water",
    enemies: ["reef_shark", "kraken"],
    rewards: { xp: 260, coins: 110, consolationXp: 25, drops: [{ chance: 0.1, gems: 3 }] },
  },
  {
    id: "ashen_fortress",
    name: "Ashen Fortress",
    description: "Knights in burning armour serve the Ash Dragon.",
    difficulty: 4,
    requiredLevel: 12,
    element: "fire",
    enemies: ["flame_knight", "ash_dragon", "flame_knight"],
    rewards: { xp: 420, coins: 180, consolationXp: 40, drops: [{ chance: 0.12, gems: 5 }] },
  },
  {
    id: "elder_forest",
    name: "Elder Forest",
    description: "The oldest tree remembers every axe.",
    difficulty: 4,
    requiredLevel: 16,
    element: "grass",
    enemies: ["thorn_sprite", "elder_ent", "thorn_sprite"],
    rewards: { xp: 600, coins: 250, consolationXp: 60, drops: [{ chance: 0.15, gems: 6 }] },
  },
  {
    id: "void_spire",
    name: "Void Spire",
    description: "At the top of the spire, the Warden unmakes what it touches.",
    difficulty: 5,
    requiredLevel: 20,
    element: "neutral",
    enemies: ["flame_knight", "void_warden", "reef_shark"],
    rewards: { xp: 900, coins: 400, consolationXp: 90, drops: [{ chance: 0.2, gems: 10 }] },
  },
];

const byId = new Map(DUNGEONS.map((d) => [d.id, d]));

export function dungeonById(id: string): DungeonDef | undefined {
  return byId.get(id);
}
