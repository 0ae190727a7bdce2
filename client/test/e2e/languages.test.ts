import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { challengeSeeds } from "../../../server/src/content/challenges.ts";
import { launchBrowser, newPlayer, scaled, screenshot } from "./support/browser.ts";
import { freshCredentials, register } from "./support/game.ts";
import { type GameServer, startGameServer } from "./support/server.ts";

const localesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../src/i18n/locales");
const catalogue = (lang: string) => JSON.parse(readFileSync(path.join(localesDir, `${lang}.json`), "utf8"));
const strings = (node: unknown): string[] =>
  node && typeof node === "object" ? Object.values(node).flatMap(strings) : [String(node)];

/**
 * The English of every built-in content text, as the pieces of prose a page would show if a text
 * were left untranslated: Markdown code (kept in every language) is cut out, and pieces shorter
 * than 4 letters ("is", "and") are too common to mean anything.
 */
function englishProbes(): string[] {
  const pieces = strings(catalogue("en").content).flatMap((text) =>
    text
      .split(/```[^\n]*\n[\s\S]*?\n```|`[^`\n]+`/)
      .map((piece) => piece.replace(/^[\s\p{P}]+|[\s\p{P}]+$/gu, ""))
      .filter((piece) => (piece.match(/\p{L}/gu) ?? []).length >= 4),
  );
  return [...new Set(pieces)];
}

/** What the page shows in `main`, without code (which stays as written in every language). */
async function visibleProse(page: Page): Promise<string> {
  return page.evaluate(() => {
    const main = document.querySelector("main")?.cloneNode(true) as HTMLElement | undefined;
    if (!main) return "";
    for (const code of main.querySelectorAll("pre, code, kbd, .cm-editor")) code.remove();
    return main.textContent ?? "";
  });
}

/** Each page a player reads content on; challenge pages are added per challenge. */
const PAGES = ["/shop", "/inventory", "/dungeons", "/challenges", "/quests", "/profile"];
/** One seeded challenge of each type (the bug bounty and the CTF have code fences). */
const CHALLENGES = ["code-fizzbuzz", "ctf-base64", "bug-off-by-one", "design-leaderboard"];

describe("the game in ko, ja and zh: no built-in content left in English (production build, real server)", function () {
  this.timeout(scaled(240_000));
  let server: GameServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let token: string;
  const challengeIds = new Map<string, string>();

  async function call(method: string, url: string, body?: unknown) {
    const res = await fetch(`${server.url}${url}`, {
      method,
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await res.json();
    assert.ok(res.ok, `${method} ${url}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  }

  before(async () => {
    server = await startGameServer();
    browser = await launchBrowser();
    ({ page, errors } = await newPlayer(browser, server.url));
    const who = freshCredentials("polyglot");
    await register(page, who);
    token = (await call("POST", "/api/auth/login", who)).access_token;
    // Coins from four seeded puzzles, spent on gear and a potion so the inventory has content.
    const list = await call("GET", "/api/game/challenges?limit=100");
    for (const c of list.items) if (c.contentKey) challengeIds.set(c.contentKey, c.id);
    for (const key of ["ctf-base64", "ctf-rot13", "ctf-hex", "bug-off-by-one"]) {
      const seed = challengeSeeds.find((s) => s.contentKey === key) as { answer: string };
      await call("POST", "/api/game/challenges/submit", { challengeId: challengeIds.get(key), answer: seed.answer });
    }
    for (const itemId of ["wooden_sword", "health_potion"]) await call("POST", "/api/game/shop/purchase", { itemId });
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  afterEach(function () {
    if (this.currentTest?.state === "passed") assert.deepEqual(errors, [], "errors in the page");
    errors.length = 0;
  });

  it("when the pages are read in English, then the probes do find the English content (the check can see it)", async () => {
    const probes = englishProbes();
    await page.goto("/shop");
    await page.getByTestId("shop-item-wooden_sword").waitFor();
    const shop = await visibleProse(page);
    assert.ok(shop.includes("A practice blade. Better than bare hands."));
    assert.ok(probes.filter((p) => shop.includes(p)).length >= 20, "shop names and descriptions found");
    await page.goto(`/challenges/${challengeIds.get("bug-off-by-one")}`);
    await page.getByTestId("challenge-description").waitFor();
    assert.ok(probes.some((p) => p.startsWith("This function should return the last item")));
    assert.match(await visibleProse(page), /This function should return the last item of an array/);
  });

  for (const lang of ["ko", "ja", "zh"] as const) {
    it(`when the player switches to ${lang}, then shop, inventory, dungeons, quests, profile and challenges show no English content`, async () => {
      const ownText = strings(catalogue(lang).content).join("\n");
      // A probe that is also part of this language's own text (a product name like "Redis") is not a leftover.
      const probes = englishProbes().filter((p) => !ownText.includes(p));
      assert.ok(probes.length > 150, `${probes.length} probes`);
      await page.goto("/");
      await page.getByTestId("language").selectOption(lang);
      await page.waitForFunction((l) => document.documentElement.lang === l, lang);
      const pages = [...PAGES, ...CHALLENGES.map((key) => `/challenges/${challengeIds.get(key)}`)];
      for (const url of pages) {
        await page.goto(url);
        await page.locator("main h1").first().waitFor();
        // Each page's content has arrived (lists fill after the first paint).
        const ready = url.startsWith("/challenges/")
          ? page.getByTestId("challenge-description")
          : url === "/shop"
            ? page.getByTestId("shop-item-phoenix_feather")
            : url === "/inventory"
              ? page.getByTestId("inventory-health_potion")
              : url === "/dungeons"
                ? page.getByTestId("dungeon-void_spire")
                : url === "/profile"
                  ? page.locator("main .badge").first()
                  : page.locator("main .card").first();
        await ready.waitFor({ timeout: scaled(30_000) });
        const prose = await visibleProse(page);
        const english = probes.filter((p) => prose.includes(p));
        assert.deepEqual(english, [], `${lang} ${url} shows English content`);
      }
    });
  }

  it("when a seeded challenge is read in Korean, then its statement is Korean Markdown with the code fence intact", async () => {
    await page.goto("/");
    await page.getByTestId("language").selectOption("ko");
    await page.goto(`/challenges/${challengeIds.get("bug-off-by-one")}`);
    const description = page.getByTestId("challenge-description");
    await description.waitFor();
    await page.getByRole("heading", { name: "마지막 항목" }).waitFor();
    const seed = challengeSeeds.find((s) => s.contentKey === "bug-off-by-one")!;
    const fence = /```js\n([\s\S]*?)\n```/.exec(seed.description)![1]!;
    assert.equal((await description.locator("pre code").textContent())?.trimEnd(), fence);
    assert.match((await description.textContent()) ?? "", /버그가 있는 줄 번호/);
    assert.equal(await description.locator("code", { hasText: "line:index" }).count(), 1);
    await screenshot(page, "challenge-ko");
  });

  it("when a player searches the challenges in Korean, then the Korean titles are what is searched", async () => {
    await page.goto("/");
    await page.getByTestId("language").selectOption("ko");
    await page.goto("/challenges");
    const cards = page.locator("main .card");
    await cards.getByRole("link", { name: "짝수의 합" }).waitFor();
    await page.getByRole("searchbox", { name: "검색" }).fill("비밀");
    await cards.getByRole("link", { name: "그다지 비밀이 아닌" }).waitFor();
    await page.waitForFunction(() => document.querySelectorAll("main .card").length === 1);
    // The original (English) text is still found, as the server's search would.
    await page.getByRole("searchbox", { name: "검색" }).fill("Not so secret");
    await cards.getByRole("link", { name: "그다지 비밀이 아닌" }).waitFor();
  });

  it("when a player's own challenge is read in Korean, then it stays as its author wrote it, even under a seeded title", async () => {
    const own = await call("POST", "/api/game/challenges", {
      type: "CTF",
      title: "Caesar's shift",
      description: "My own **puzzle**: the flag is `flag{mine}`.",
      difficulty: 1,
      xpReward: 10,
      coinReward: 5,
      answer: "flag{mine}",
      contentKey: "ctf-rot13",
    });
    await page.goto(`/challenges/${own.id}`);
    await page.getByRole("heading", { name: "Caesar's shift" }).waitFor();
    const description = page.getByTestId("challenge-description");
    assert.equal((await description.textContent())?.trim(), "My own puzzle: the flag is flag{mine}.");
    assert.equal(await description.locator("strong").textContent(), "puzzle");
  });
});
