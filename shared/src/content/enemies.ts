import type { Element } from "../rules/stats.ts";

/** How an enemy picks its victim among living players (ties: the earliest in join order). */
export type TargetRule = "lowest_hp" | "highest_attack" | "random" | "first";

export interface EnemyMove {
  id: string;
  name: string;
  power: number;
  /** Default: the enemy's own element. */
  element?: Element;
  /** Hits every living player instead of one target. */
  aoe?: boolean;
  /** Relative chance of being planned (default 1). */
  weight?: number;
}

/** A boss phase starts once HP falls to `belowShare` of max HP or lower. */
export interface BossPhase {
  /** Stable within its enemy: clients translate the phase's name by it. */
  id: string;
  name: string;
  /** 0–1 of max HP. */
  belowShare: number;
  attackMultiplier: number;
  target?: TargetRule;
  moves?: EnemyMove[];
}

export interface EnemyDef {
  id: string;
  name: string;
  element: Element;
  hp: number;
  attack: number;
  defense: number;
  speed: number;
  /** 0–1; default the base 10%. */
  critChance?: number;
  target: TargetRule;
  moves: EnemyMove[];
  boss?: boolean;
  phases?: BossPhase[];
}

const bite = (power: number): EnemyMove => ({ id: "bite", name: "Bite", power, element: "neutral" });

export const ENEMIES: readonly EnemyDef[] = [
  {
    id: "slime",
    name: "Slime",
    element: "water",
    hp: 30,
    attack: 6,
    defense: 5,
    speed: 3,
    target: "first",
    moves: [bite(8)],
  },
  {
    id: "bubble_slime",
    name: "Bubble Slime",
    element: "water",
    hp: 45,
    attack: 7,
    defense: 6,
    speed: 4,
    target: "random",
    moves: [bite(8), { id: "bubble", name: "Bubble", power: 10 }],
  },
  {
    id: "ember_bat",
    name: "Ember Bat",
    element: "fire",
    hp: 55,
    attack: 10,
    defense: 7,
    speed: 12,
    target: "lowest_hp",
    moves: [bite(8), { id: "cinder", name: "Cinder", power: 11 }],
  },
  {
    id: "magma_golem",
    name: "Magma Golem",
    element: "fire",
    hp: 120,
    attack: 12,
    defense: 14,
    speed: 4,
    target: "highest_attack",
    moves: [{ id: "slam", name: "Slam", power: 12 }],
  },
  {
    id: "thorn_sprite",
    name: "Thorn Sprite",
    element: "grass",
    hp: 70,
    attack: 12,
    defense: 9,
    speed: 14,
    target: "lowest_hp",
    moves: [{ id: "thorns", name: "Thorns", power: 11 }],
  },
  {
    id: "treant",
    name: "Treant",
    element: "grass",
    hp: 160,
    attack: 12,
    defense: 16,
    speed: 5,
    target: "highest_attack",
    moves: [
      { id: "branch", name: "Branch Sweep", power: 10, aoe: true },
      { id: "root", name: "Root Crush", power: 14 },
    ],
  },
  {
    id: "reef_shark",
    name: "Reef Shark",
    element: "water",
    hp: 110,
    attack: 17,
    defense: 13,
    speed: 15,
    target: "lowest_hp",
    moves: [bite(12), { id: "torrent", name: "Torrent", power: 13 }],
  },
  {
    id: "kraken",
    name: "Kraken",
    element: "water",
    hp: 560,
    attack: 40,
    defense: 15,
    speed: 9,
    target: "highest_attack",
    boss: true,
    moves: [{ id: "tentacle", name: "Tentacle Lash", power: 13 }],
    phases: [
      {
        id: "riptide",
        name: "Riptide",
        belowShare: 0.5,
        attackMultiplier: 1.25,
        target: "lowest_hp",
        moves: [
          { id: "whirlpool", name: "Whirlpool", power: 10, aoe: true },
          { id: "tentacle", name: "Tentacle Lash", power: 14 },
        ],
      },
    ],
  },
  {
    id: "flame_knight",
    name: "Flame Knight",
    element: "fire",
    hp: 180,
    attack: 22,
    defense: 20,
    speed: 13,
    target: "highest_attack",
    moves: [{ id: "blade", name: "Burning Blade", power: 13 }],
  },
  {
    id: "ash_dragon",
    name: "Ash Dragon",
    element: "fire",
    hp: 640,
    attack: 52,
    defense: 22,
    speed: 11,
    target: "highest_attack",
    boss: true,
    moves: [
      { id: "claw", name: "Claw", power: 13 },
      { id: "breath", name: "Fire Breath", power: 10, aoe: true },
    ],
    phases: [
      { id: "smoulder", name: "Smoulder", belowShare: 0.6, attackMultiplier: 1.2, target: "lowest_hp" },
      {
        id: "inferno",
        name: "Inferno",
        belowShare: 0.25,
        attackMultiplier: 1.5,
        target: "random",
        moves: [{ id: "breath", name: "Fire Breath", power: 12, aoe: true }],
      },
    ],
  },
  {
    id: "elder_ent",
    name: "Elder Ent",
    element: "grass",
    hp: 600,
    attack: 75,
    defense: 30,
    speed: 8,
    target: "highest_attack",
    boss: true,
    moves: [{ id: "crush", name: "Ancient Crush", power: 14 }],
    phases: [
      {
        id: "overgrown",
        name: "Overgrown",
        belowShare: 0.5,
        attackMultiplier: 1.3,
        target: "lowest_hp",
        moves: [
          { id: "spores", name: "Spore Cloud", power: 11, aoe: true },
          { id: "crush", name: "Ancient Crush", power: 14 },
        ],
      },
    ],
  },
  {
    id: "void_warden",
    name: "Void Warden",
    element: "neutral",
    hp: 800,
    attack: 120,
    defense: 34,
    speed: 16,
    critChance: 0.15,
    target: "random",
    boss: true,
    moves: [{ id: "null_ray", name: "Null Ray", power: 13 }],
    phases: [
      { id: "fractured", name: "Fractured", belowShare: 0.66, attackMultiplier: 1.2, target: "highest_attack" },
      {
        id: "collapse",
        name: "Collapse",
        belowShare: 0.33,
        attackMultiplier: 1.5,
        target: "lowest_hp",
        moves: [
          { id: "singularity", name: "Singularity", power: 11, aoe: true },
          { id: "null_ray", name: "Null Ray", power: 14 },
        ],
      },
    ],
  },
];

const byId = new Map(ENEMIES.map((e) => [e.id, e]));

export function enemyById(id: string): EnemyDef | undefined {
  return byId.get(id);
}
