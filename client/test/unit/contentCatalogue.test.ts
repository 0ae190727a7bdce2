import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { badgeCatalogue } from "@levelup/shared/content/badges";
import { DUNGEONS } from "@levelup/shared/content/dungeons";
import { ENEMIES } from "@levelup/shared/content/enemies";
import { itemCatalogue } from "@levelup/shared/content/items";
import { questTemplateCatalogue } from "@levelup/shared/content/questTemplates";
import { SKILLS } from "@levelup/shared/content/skills";
import { createInstance, type TFunction } from "i18next";
import { challengeSeeds } from "../../../server/src/content/challenges.ts";
import { amountList } from "../../src/i18n/amounts.ts";
import { challengeText, moveName, phaseName } from "../../src/i18n/content.ts";

const localesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../src/i18n/locales");
type Catalogue = Record<string, unknown>;
const catalogue = (lang: string): Catalogue =>
  JSON.parse(readFileSync(path.join(localesDir, `${lang}.json`), "utf8")) as Catalogue;
const LANGUAGES = ["en", "ko", "ja", "zh"] as const;
const TRANSLATED = ["ko", "ja", "zh"] as const;

function lookup(cat: Catalogue, key: string): unknown {
  return key.split(".").reduce<unknown>((node, part) => (node as Catalogue | undefined)?.[part], cat);
}

/** Every built-in text a player sees, by catalogue key, with the English the content itself holds. */
function contentTexts(): Map<string, string> {
  const texts = new Map<string, string>();
  for (const i of itemCatalogue) {
    texts.set(`content.item.${i.id}.name`, i.name);
    texts.set(`content.item.${i.id}.description`, i.description);
  }
  for (const d of DUNGEONS) {
    texts.set(`content.dungeon.${d.id}.name`, d.name);
    texts.set(`content.dungeon.${d.id}.description`, d.description);
  }
  for (const e of ENEMIES) {
    texts.set(`content.enemy.${e.id}.name`, e.name);
    for (const p of e.phases ?? []) texts.set(`content.enemy.${e.id}.phases.${p.id}`, p.name);
    for (const m of [...e.moves, ...(e.phases ?? []).flatMap((p) => p.moves ?? [])])
      texts.set(`content.move.${m.id}`, m.name);
  }
  for (const s of SKILLS) texts.set(`content.skill.${s.id}`, s.name);
  for (const b of badgeCatalogue) {
    texts.set(`content.badge.${b.id}.name`, b.name);
    texts.set(`content.badge.${b.id}.description`, b.description);
  }
  for (const q of questTemplateCatalogue) {
    texts.set(`content.quest.${q.id}.title`, q.title);
    texts.set(`content.quest.${q.id}.description`, q.description);
  }
  for (const c of challengeSeeds) {
    texts.set(`content.challenge.${c.contentKey}.title`, c.title);
    texts.set(`content.challenge.${c.contentKey}.description`, c.description);
    if (c.type === "SYSTEM_DESIGN")
      for (const choice of c.choices) texts.set(`content.challenge.${c.contentKey}.choices.${choice.id}`, choice.text);
  }
  return texts;
}

/** Fenced blocks and inline code spans (translations may reorder them): carried over unchanged. */
function codeOf(markdown: string): string[] {
  return [...markdown.matchAll(/```[^\n]*\n[\s\S]*?\n```|`[^`\n]+`/g)].map((m) => m[0]);
}

function translator(lang: string): TFunction {
  const i18n = createInstance();
  void i18n.init({
    lng: lang,
    fallbackLng: "en",
    resources: Object.fromEntries(LANGUAGES.map((l) => [l, { translation: catalogue(l) }])),
    interpolation: { escapeValue: false },
    initAsync: false,
  });
  return i18n.t;
}

describe("content catalogues (every built-in text in every language)", () => {
  const texts = contentTexts();

  it("when content is added (item, dungeon, enemy, phase, move, skill, badge, quest, seeded challenge), then English has its text, word for word", () => {
    const en = catalogue("en");
    const wrong = [...texts].filter(([key, text]) => lookup(en, key) !== text).map(([key]) => key);
    assert.deepEqual(wrong, []);
  });

  for (const lang of TRANSLATED) {
    it(`when the ${lang} catalogue is read, then every content text is there and translated, not left in English`, () => {
      const cat = catalogue(lang);
      const missing = [...texts.keys()].filter(
        (key) => typeof lookup(cat, key) !== "string" || lookup(cat, key) === "",
      );
      assert.deepEqual(missing, [], `missing in ${lang}`);
      const english = [...texts].filter(([key, text]) => lookup(cat, key) === text).map(([key]) => key);
      assert.deepEqual(english, [], `left in English in ${lang}`);
    });

    it(`when a seeded challenge is shown in ${lang}, then its code blocks, inline code and flags are kept exactly`, () => {
      const cat = catalogue(lang);
      for (const c of challengeSeeds) {
        const translated = String(lookup(cat, `content.challenge.${c.contentKey}.description`));
        assert.deepEqual(codeOf(translated).sort(), codeOf(c.description).sort(), `${lang} ${c.contentKey}`);
      }
    });
  }

  it("when the catalogue has a content key no content has, then it is reported (no stale translations)", () => {
    const en = catalogue("en");
    const flat = (node: unknown, prefix: string): string[] =>
      node && typeof node === "object" ? Object.entries(node).flatMap(([k, v]) => flat(v, `${prefix}.${k}`)) : [prefix];
    assert.deepEqual(
      flat(en.content, "content").filter((key) => !texts.has(key)),
      [],
    );
  });

  it("when a seeded challenge is shown, then title, Markdown and choices come from the catalogue; a player's own stays as written", () => {
    const t = translator("ko");
    const seeded = challengeSeeds.find((c) => c.type === "SYSTEM_DESIGN")!;
    const shown = challengeText(t, {
      contentKey: seeded.contentKey,
      title: seeded.title,
      description: seeded.description,
      choices: seeded.type === "SYSTEM_DESIGN" ? seeded.choices : [],
    });
    assert.notEqual(shown.title, seeded.title);
    assert.match(shown.description, /[가-힣]/);
    assert.ok(shown.choices.every((c) => /[가-힣]/.test(c.text)));
    const own = { contentKey: null, title: "My puzzle", description: "Find `x`", choices: [{ id: "a", text: "Yes" }] };
    assert.deepEqual(challengeText(t, own), { title: "My puzzle", description: "Find `x`", choices: own.choices });
  });

  it("when the room names a planned move or a boss phase in English, then it is shown in the chosen language", () => {
    const t = translator("ja");
    assert.equal(moveName(t, "kraken", "Whirlpool"), "うずしお");
    assert.equal(moveName(t, "slime", "Bite"), "かみつき");
    assert.equal(moveName(t, "slime", "Not a move"), "Not a move");
    assert.equal(phaseName(t, 2, "Inferno"), "業火");
    assert.equal(phaseName(t, 1, "Riptide"), "離岸流");
  });
});

describe("amounts with plural rules", () => {
  it("when one coin or one gem is shown in English, then it is singular, and plural from two (and for zero XP)", () => {
    const t = translator("en");
    assert.equal(amountList(t, { xp: 1, coins: 1, gems: 1 }), "1 XP, 1 coin, 1 gem");
    assert.equal(amountList(t, { xp: 1200, coins: 2, gems: 3 }), "1,200 XP, 2 coins, 3 gems");
    assert.equal(amountList(t, { xp: 5, coins: 0, gems: 0 }), "5 XP", "zero coins and gems are not shown");
    assert.equal(amountList(t, { xp: 40, coins: 1 }, { gain: true }), "+40 XP, +1 coin");
  });

  it("when amounts are shown in ko, ja and zh, then each uses its one form and its own list separator", () => {
    assert.equal(amountList(translator("ko"), { xp: 1, coins: 2, gems: 1 }), "경험치 1, 코인 2, 보석 1");
    assert.equal(amountList(translator("ja"), { xp: 1, coins: 2, gems: 1 }), "経験値 1、2 コイン、1 ジェム");
    assert.equal(amountList(translator("zh"), { xp: 1, coins: 2, gems: 1 }), "1 经验，2 金币，1 宝石");
  });

  it("when any English text puts a number before a counted noun, then it is a plural key fed by count", () => {
    const flat = (node: unknown, prefix: string): [string, string][] =>
      node && typeof node === "object"
        ? Object.entries(node).flatMap(([k, v]) => flat(v, prefix ? `${prefix}.${k}` : k))
        : [[prefix, String(node)]];
    const nouns = "coins?|gems?|days?|players?|spectators?|lines?|minutes?|items?";
    const unpluralised = flat(catalogue("en"), "").filter(
      ([key, text]) =>
        new RegExp(`\\{\\{[^}]+\\}\\} (${nouns})\\b`).test(text) &&
        !(/_(one|other)$/.test(key) && /\{\{count\b/.test(text)),
    );
    assert.deepEqual(unpluralised, []);
  });
});
