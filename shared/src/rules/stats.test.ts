import assert from "node:assert/strict";
import fc from "fast-check";
import { itemById, itemCatalogue } from "../content/items.ts";
import { avatarOf, baseStats, type EquippedGear, equipSlotOf, MAX_CRIT_CHANCE, playerStats } from "./stats.ts";

const one = (id: string): EquippedGear => gear(id)[0] as EquippedGear;
const gear = (...ids: string[]): EquippedGear[] =>
  ids.map((id) => {
    const item = itemById(id);
    if (!item) throw new Error(`no item ${id}`);
    return item;
  });

describe("player stats from level and gear", () => {
  const table: { when: string; level: number; gear: EquippedGear[]; expected: ReturnType<typeof playerStats> }[] = [
    {
      when: "a level 1 player wears nothing",
      level: 1,
      gear: [],
      expected: { hp: 100, maxHp: 100, attack: 10, defense: 8, speed: 10, critChance: 0.1, element: "neutral" },
    },
    {
      when: "a level 5 player wears nothing",
      level: 5,
      gear: [],
      expected: { hp: 140, maxHp: 140, attack: 18, defense: 16, speed: 14, critChance: 0.1, element: "neutral" },
    },
    {
      when: "a level 3 player wields the Ember Dagger",
      level: 3,
      gear: gear("ember_dagger"),
      expected: { hp: 120, maxHp: 120, attack: 19, defense: 12, speed: 12, critChance: 0.15, element: "fire" },
    },
    {
      when: "a level 5 player wears a water staff, chainmail, swift boots and a hat",
      level: 5,
      gear: gear("tide_staff", "chainmail", "swift_boots", "wizard_hat"),
      expected: { hp: 160, maxHp: 160, attack: 24, defense: 23, speed: 18, critChance: 0.1, element: "water" },
    },
    {
      when: "a level 1 player wears armor but no weapon",
      level: 1,
      gear: gear("leather_vest"),
      expected: { hp: 110, maxHp: 110, attack: 10, defense: 11, speed: 10, critChance: 0.1, element: "neutral" },
    },
    {
      when: "a level 20 player wields the Worldtree Bow with the Lucky Charm",
      level: 20,
      gear: gear("worldtree_bow", "lucky_charm"),
      expected: { hp: 290, maxHp: 290, attack: 72, defense: 46, speed: 32, critChance: 0.25, element: "grass" },
    },
    {
      when: "an accessory claims an element",
      level: 1,
      gear: [{ slot: "accessory", stats: { element: "fire", attack: 1 } }],
      expected: { hp: 100, maxHp: 100, attack: 11, defense: 8, speed: 10, critChance: 0.1, element: "neutral" },
    },
    {
      when: "gear stacks far more crit chance than allowed",
      level: 1,
      gear: [
        { slot: "weapon", stats: { critChance: 0.4 } },
        { slot: "accessory", stats: { critChance: 0.4 } },
      ],
      expected: {
        hp: 100,
        maxHp: 100,
        attack: 10,
        defense: 8,
        speed: 10,
        critChance: MAX_CRIT_CHANCE,
        element: "neutral",
      },
    },
    {
      when: "gear would push speed below 1",
      level: 1,
      gear: [{ slot: "armor", stats: { speed: -50 } }],
      expected: { hp: 100, maxHp: 100, attack: 10, defense: 8, speed: 1, critChance: 0.1, element: "neutral" },
    },
  ];
  for (const row of table) {
    it(`when ${row.when}, then the stats are as tabled`, () => {
      assert.deepEqual(playerStats(row.level, row.gear), row.expected);
    });
  }

  it("when the level is 0 or fractional, then it counts as the whole level at least 1", () => {
    assert.deepEqual(baseStats(0), baseStats(1));
    assert.deepEqual(baseStats(3.7), baseStats(3));
  });

  it("when the level rises, then no stat goes down", () => {
    const someGear = fc.subarray(itemCatalogue.filter((i) => i.slot !== "consumable") as EquippedGear[]);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), someGear, (level, g) => {
        const lo = playerStats(level, g);
        const hi = playerStats(level + 1, g);
        return hi.maxHp >= lo.maxHp && hi.attack >= lo.attack && hi.defense >= lo.defense && hi.speed >= lo.speed;
      }),
    );
  });

  it("when a consumable is in the list, then it changes nothing", () => {
    assert.deepEqual(playerStats(4, gear("health_potion")), playerStats(4, []));
  });
});

describe("equip slots and avatar", () => {
  it("when a cosmetic sets a hat, then it is equipped in the hat place, and gear in its slot", () => {
    assert.equal(equipSlotOf(one("wizard_hat")), "cosmetic:hat");
    assert.equal(equipSlotOf(one("golden_crown")), "cosmetic:hat");
    assert.equal(equipSlotOf(one("pixel_cape")), "cosmetic:cape");
    assert.equal(equipSlotOf(one("flame_blade")), "weapon");
  });

  it("when a hat and a cape are worn, then the avatar shows both, and gear adds nothing", () => {
    assert.deepEqual(avatarOf(gear("wizard_hat", "pixel_cape", "flame_blade")), { hat: "wizard", cape: "pixel_red" });
  });
});

describe("item catalogue", () => {
  it("when the catalogue is read, then ids are unique and every item is sold for coins or gems", () => {
    assert.equal(new Set(itemCatalogue.map((i) => i.id)).size, itemCatalogue.length);
    for (const i of itemCatalogue) assert.ok(i.priceCoins !== null || i.priceGems !== null, i.id);
  });

  it("when an item is a consumable, then it has an effect, and only consumables do", () => {
    for (const i of itemCatalogue) assert.equal(i.effect !== null, i.slot === "consumable", i.id);
  });

  it("when an item is a cosmetic, then it sets exactly one avatar part and no battle stat", () => {
    for (const i of itemCatalogue.filter((x) => x.slot === "cosmetic")) {
      assert.deepEqual(Object.keys(i.stats), ["avatar"], i.id);
      assert.equal(Object.keys(i.stats.avatar ?? {}).length, 1, i.id);
    }
  });

  it("when weapons are listed, then every element is on sale and levels span 1 to 20", () => {
    const weapons = itemCatalogue.filter((i) => i.slot === "weapon");
    assert.deepEqual(new Set(weapons.map((w) => w.stats.element)), new Set(["neutral", "fire", "water", "grass"]));
    const levels = itemCatalogue.map((i) => i.requiredLevel);
    assert.equal(Math.min(...levels), 1);
    assert.equal(Math.max(...levels), 20);
  });
});
