import type { Element } from "../rules/stats.ts";

/** Who a skill hits: one enemy, every enemy, one ally (default: the user) or the user. */
export type SkillTarget = "enemy" | "all_enemies" | "ally" | "self";

export interface SkillDef {
  id: string;
  name: string;
  /** "weapon": the element of the user's weapon. */
  element: Element | "weapon";
  target: SkillTarget;
  /** Damage skills: the `power` of the damage formula. */
  power?: number;
  /** Healing skills: share of the target's max HP restored (0–1). */
  healShare?: number;
  /** Own turns the skill stays unavailable after use. */
  cooldown: number;
  /** Lowest player level that has it. */
  minLevel: number;
  /** Only players whose weapon has this element get it (absent: everyone). */
  forElement?: Element;
}

/** Power of the plain `attack` action (it uses the weapon's element). */
export const ATTACK_POWER = 10;

export const SKILLS: readonly SkillDef[] = [
  { id: "power_strike", name: "Power Strike", element: "weapon", target: "enemy", power: 16, cooldown: 2, minLevel: 1 },
  {
    id: "second_wind",
    name: "Second Wind",
    element: "neutral",
    target: "self",
    healShare: 0.25,
    cooldown: 4,
    minLevel: 1,
  },
  {
    id: "ember",
    name: "Ember",
    element: "fire",
    target: "enemy",
    power: 14,
    cooldown: 1,
    minLevel: 1,
    forElement: "fire",
  },
  {
    id: "splash",
    name: "Splash",
    element: "water",
    target: "enemy",
    power: 14,
    cooldown: 1,
    minLevel: 1,
    forElement: "water",
  },
  {
    id: "vine_whip",
    name: "Vine Whip",
    element: "grass",
    target: "enemy",
    power: 14,
    cooldown: 1,
    minLevel: 1,
    forElement: "grass",
  },
  {
    id: "focus_strike",
    name: "Focus Strike",
    element: "neutral",
    target: "enemy",
    power: 13,
    cooldown: 1,
    minLevel: 1,
    forElement: "neutral",
  },
  { id: "rally", name: "Rally", element: "neutral", target: "ally", healShare: 0.3, cooldown: 4, minLevel: 5 },
  {
    id: "flame_wave",
    name: "Flame Wave",
    element: "fire",
    target: "all_enemies",
    power: 11,
    cooldown: 3,
    minLevel: 8,
    forElement: "fire",
  },
  {
    id: "tidal_wave",
    name: "Tidal Wave",
    element: "water",
    target: "all_enemies",
    power: 11,
    cooldown: 3,
    minLevel: 8,
    forElement: "water",
  },
  {
    id: "leaf_storm",
    name: "Leaf Storm",
    element: "grass",
    target: "all_enemies",
    power: 11,
    cooldown: 3,
    minLevel: 8,
    forElement: "grass",
  },
  {
    id: "whirlwind",
    name: "Whirlwind",
    element: "neutral",
    target: "all_enemies",
    power: 10,
    cooldown: 3,
    minLevel: 8,
    forElement: "neutral",
  },
  {
    id: "inferno",
    name: "Inferno",
    element: "fire",
    target: "enemy",
    power: 30,
    cooldown: 5,
    minLevel: 15,
    forElement: "fire",
  },
  {
    id: "maelstrom",
    name: "Maelstrom",
    element: "water",
    target: "enemy",
    power: 30,
    cooldown: 5,
    minLevel: 15,
    forElement: "water",
  },
  {
    id: "overgrowth",
    name: "Overgrowth",
    element: "grass",
    target: "enemy",
    power: 30,
    cooldown: 5,
    minLevel: 15,
    forElement: "grass",
  },
  {
    id: "meteor_strike",
    name: "Meteor Strike",
    element: "neutral",
    target: "enemy",
    power: 28,
    cooldown: 5,
    minLevel: 15,
    forElement: "neutral",
  },
];

const byId = new Map(SKILLS.map((s) => [s.id, s]));

export function skillById(id: string): SkillDef | undefined {
  return byId.get(id);
}

/** The skills a player of `level` with a weapon of `element` can use (at least 3 from level 1). */
export function skillsFor(level: number, element: Element): string[] {
  return SKILLS.filter((s) => s.minLevel <= level && (s.forElement === undefined || s.forElement === element)).map(
    (s) => s.id,
  );
}
