import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import { DESKTOP, launchBrowser, newPlayer, PHONE, scaled, screenshot } from "./support/browser.ts";
import { type Credentials, freshCredentials, headerXp, register } from "./support/game.ts";
import { type GameServer, startGameServer } from "./support/server.ts";

/** Every screen, for the screenshot tour (battle screens are taken during the battle test). */
const PAGES = [
  ["dashboard", "/"],
  ["coding", "/coding"],
  ["dungeons", "/dungeons"],
  ["spectate", "/spectate"],
  ["challenges", "/challenges"],
  ["quests", "/quests"],
  ["shop", "/shop"],
  ["inventory", "/inventory"],
  ["leaderboard", "/leaderboard"],
  ["profile", "/profile"],
] as const;

/** Short-lived access tokens, so the suite runs through several refreshes (seconds). */
const ACCESS_TOKEN_TTL_S = 12;

/** Enough lines for 50 coins at session end (1 coin per 10 XP), under the 600-lines-a-minute cap. */
const LINES = 520;

describe("the game in a browser (production build, real server)", function () {
  this.timeout(scaled(180_000));
  let server: GameServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let alice: Credentials;
  const refused: string[] = [];

  before(async () => {
    server = await startGameServer({ ACCESS_TOKEN_TTL: `${ACCESS_TOKEN_TTL_S}s` });
    browser = await launchBrowser();
    ({ page, errors } = await newPlayer(browser, server.url));
    page.on("response", (r) => {
      if (r.status() === 401) refused.push(`${r.request().method()} ${r.url()}`);
    });
    alice = freshCredentials("alice");
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  afterEach(function () {
    // A page error is a failure even when the assertions passed.
    if (this.currentTest?.state === "passed") assert.deepEqual(errors, [], "errors in the page");
    errors.length = 0;
  });

  it("when a new player registers, then the dashboard shows level 1", async () => {
    await page.goto("/login");
    await screenshot(page, "en-login");
    await page.goto("/register");
    await screenshot(page, "en-register");
    await register(page, alice);
    assert.match(String(await page.getByTestId("dashboard-level").textContent()), /Level 1\b/);
    assert.equal(((await page.getByTestId("stat-level").textContent()) ?? "").replace(/\D/g, ""), "1");
    await page.getByTestId("connection").getByText("Live").waitFor();
    await screenshot(page, "en-dashboard");
  });

  it("when the player writes code in a coding session, then the XP in the header grows", async () => {
    const before = await headerXp(page);
    await page.getByRole("link", { name: "Coding" }).first().click();
    await page.getByRole("button", { name: "Start session" }).click();
    const editor = page.locator(".cm-content");
    await editor.waitFor();
    await editor.fill(Array.from({ length: LINES }, (_, i) => `const line${i} = ${i};`).join("\n"));
    await page.waitForFunction(
      (min) => Number(document.querySelector('[data-testid="stat-xp"]')?.textContent?.replace(/\D/g, "")) >= min,
      before + LINES,
      { timeout: scaled(60_000) },
    );
    assert.ok((await headerXp(page)) >= before + LINES);
    await screenshot(page, "en-coding-session");
    await page.getByRole("button", { name: "End session" }).click();
    await page.getByTestId("coding-result").waitFor();
    await page.waitForFunction(
      () => Number(document.querySelector('[data-testid="stat-coins"] dd')?.textContent) >= 50,
    );
  });

  it("when the player claims completed quests, then their coins arrive in the header", async () => {
    await page.getByRole("link", { name: "Quests" }).first().click();
    const coins = async () =>
      Number(((await page.getByTestId("stat-coins").locator("dd").textContent()) ?? "").replace(/\D/g, ""));
    for (const title of ["Daily Scribe", "Weekly Author"]) {
      const card = page.locator(".card").filter({ has: page.getByRole("heading", { name: title }) });
      const before = await coins();
      await card.getByRole("button", { name: "Claim" }).click();
      await card.getByText("Claimed").waitFor();
      assert.ok((await coins()) > before, `${title} paid no coins`);
    }
    await screenshot(page, "en-quests");
  });

  it("when the player buys a sword and equips it, then the attack stat rises", async () => {
    await page.getByRole("link", { name: "Shop" }).first().click();
    await page.getByTestId("shop-item-wooden_sword").getByRole("button", { name: "Buy" }).click();
    await page.getByText("You bought Wooden Sword.").waitFor();
    await screenshot(page, "en-shop");
    await page.getByRole("link", { name: "Inventory" }).first().click();
    const attack = page.getByTestId("stat-attack");
    await page.getByTestId("inventory-wooden_sword").waitFor();
    // The items are rows of the virtualised list (only rows in view are drawn, as on the leaderboard).
    assert.equal(await page.getByTestId("inventory-list").getByTestId("inventory-wooden_sword").count(), 1);
    const before = Number(await attack.textContent());
    await page.getByTestId("inventory-wooden_sword").getByRole("button", { name: "Equip" }).click();
    await page.getByTestId("inventory-wooden_sword").getByText("Equipped", { exact: true }).waitFor();
    await page.mouse.move(0, 0);
    await page.waitForFunction(
      (b) => Number(document.querySelector('[data-testid="stat-attack"]')?.textContent) > b,
      before,
    );
    assert.equal(Number(await attack.textContent()), before + 3);

    // A cosmetic: no stats, but the avatar wears it.
    await page.getByRole("link", { name: "Shop" }).first().click();
    await page.getByTestId("shop-item-wizard_hat").getByRole("button", { name: "Buy" }).click();
    await page.getByText("You bought Wizard Hat.").waitFor();
    await page.getByRole("link", { name: "Inventory" }).first().click();
    await page.getByTestId("inventory-wizard_hat").getByRole("button", { name: "Equip" }).click();
    await page.getByTestId("inventory-wizard_hat").getByText("Equipped", { exact: true }).waitFor();
    await page.mouse.move(0, 0);
    await screenshot(page, "en-inventory");
    await page.getByRole("link", { name: "Profile" }).first().click();
    await page.getByRole("img", { name: /Your avatar wearing .*Wizard Hat/ }).waitFor();
    await screenshot(page, "en-profile");
  });

  it("when the leaderboard opens, then it lists the players with their XP", async () => {
    await page.getByRole("link", { name: "Leaderboard" }).first().click();
    const row = page.getByTestId("leaderboard").getByText(alice.username);
    await row.waitFor();
    await screenshot(page, "en-leaderboard");
  });

  it("when two players form a party and fight while a third watches, then all three see the battle end", async () => {
    const bob = await newPlayer(browser, server.url);
    const carol = await newPlayer(browser, server.url);
    try {
      await register(bob.page, freshCredentials("bob"));
      await register(carol.page, freshCredentials("carol"));

      await page.getByRole("link", { name: "Dungeons" }).first().click();
      await screenshot(page, "en-dungeons");
      await page.getByTestId("dungeon-slime_cave").getByRole("button", { name: "Create party" }).click();
      await page.getByTestId("lobby").waitFor();
      const invite = await page.getByTestId("invite-link").inputValue();
      await bob.page.goto(new URL(invite).pathname + new URL(invite).search);
      await bob.page.getByTestId("lobby").waitFor();
      await page.getByText(/bob_\w+ · not ready/).waitFor();
      await screenshot(page, "en-lobby");
      await page.getByTestId("ready").click();
      await bob.page.getByTestId("ready").click();
      await page.getByTestId("action-menu").waitFor();

      await carol.page.getByRole("link", { name: "Spectate" }).first().click();
      await carol.page.getByTestId("live-battle").first().waitFor();
      await screenshot(carol.page, "en-spectate");
      await carol.page.getByTestId("live-battle").first().getByRole("link", { name: "Watch" }).click();
      await carol.page.getByTestId("spectator-badge").waitFor();
      await page.getByTestId("spectator-count").getByText("1 spectator").waitFor();

      // Each fighter attacks with the keyboard whenever it is their turn, until the battle ends.
      const fighters = [page, bob.page];
      let screenshotTaken = false;
      const deadline = Date.now() + 150_000;
      while (Date.now() < deadline) {
        if ((await page.getByTestId("battle-result").count()) > 0) break;
        for (const p of fighters) {
          if (await p.getByText("Your turn! Choose an action.").isVisible()) {
            await p.keyboard.press("a");
            if (!screenshotTaken) {
              await p.waitForTimeout(300);
              await screenshot(p, "en-battle");
              await screenshot(carol.page, "en-battle-spectator");
              screenshotTaken = true;
            }
          }
        }
        await page.waitForTimeout(150);
      }
      for (const p of [page, bob.page, carol.page]) await p.getByTestId("battle-result").waitFor();
      assert.match(String(await page.getByTestId("battle-result").textContent()), /Victory!|Defeat/);
      await screenshot(page, "en-battle-result");
      await screenshot(carol.page, "en-battle-result-spectator");
      assert.deepEqual([...bob.errors, ...carol.errors], []);
    } catch (err) {
      await screenshot(bob.page, "failed-party-bob");
      await screenshot(carol.page, "failed-party-carol");
      await screenshot(page, "failed-party-alice");
      throw new Error(`${(err as Error).message}\nbob's page errors: ${bob.errors.join("; ")}`);
    } finally {
      await bob.context.close();
      await carol.context.close();
    }
  });

  it("when the player solves a CODE challenge in the editor, then the server grades it passed and pays XP", async () => {
    const before = await headerXp(page);
    await page.getByRole("link", { name: "Challenges" }).first().click();
    await page.getByRole("link", { name: "Sum of the evens" }).click();
    await page.getByRole("button", { name: "Start attempt" }).click();
    const editor = page.locator(".cm-content");
    await editor.fill(
      "function sumEvens(numbers) { return numbers.filter((n) => n % 2 === 0).reduce((a, b) => a + b, 0); }",
    );
    await screenshot(page, "en-challenge-attempt");
    await page.getByRole("button", { name: "Submit" }).click();
    await page
      .getByTestId("attempt-result")
      .getByText(/Passed with a score of 100/)
      .waitFor({ timeout: scaled(30_000) });
    await page.waitForFunction(
      (b) => Number(document.querySelector('[data-testid="stat-xp"]')?.textContent?.replace(/\D/g, "")) > b,
      before,
    );
    await screenshot(page, "en-challenge-result");
  });

  it("when the leaderboard holds 10,000 players, then scrolling to the end shows the last one with few rows in the page", async () => {
    const TOTAL = 10_000;
    // The server ranks at most 100 at a time: this test serves a large ranking itself, page by page.
    await page.route("**/api/game/leaderboard?*", (route) => {
      const url = new URL(route.request().url());
      const offset = Number(url.searchParams.get("offset") ?? 0);
      const limit = Number(url.searchParams.get("limit") ?? 100);
      const items = Array.from({ length: Math.max(0, Math.min(limit, TOTAL - offset)) }, (_, i) => ({
        rank: offset + i + 1,
        userId: `u${offset + i + 1}`,
        username: `player_${offset + i + 1}`,
        level: 1,
        experience: TOTAL - offset - i,
      }));
      return route.fulfill({ json: { items, total: TOTAL } });
    });
    try {
      await page.goto("/leaderboard");
      const list = page.getByTestId("leaderboard");
      await list.getByText("player_1", { exact: true }).waitFor();
      for (let i = 0; i < 400; i++) {
        if ((await list.getByText(`player_${TOTAL}`, { exact: true }).count()) > 0) break;
        await list.evaluate((el) => el.scrollTo(0, el.scrollHeight));
        await page.waitForTimeout(30);
      }
      await list.getByText(`player_${TOTAL}`, { exact: true }).waitFor();
      const rendered = await list.locator("li").count();
      assert.ok(rendered < 100, `${rendered} rows in the DOM`);
      await screenshot(page, "en-leaderboard-10000");
    } finally {
      await page.unroute("**/api/game/leaderboard?*");
    }
  });

  it("when the inventory holds 3,000 rows over 30 pages, then every page is loaded and scrolling to the end shows the last with few rows in the page", async () => {
    const TOTAL = 3_000;
    // No catalogue is that large: this test serves such an inventory itself, from one real row,
    // in the server's pages (100 a page, an opaque cursor).
    await page.route("**/api/game/inventory?*", async (route) => {
      if (route.request().method() !== "GET") return route.fallback();
      const url = new URL(route.request().url());
      const offset = Number(url.searchParams.get("cursor") ?? 0);
      url.searchParams.delete("cursor");
      const real = (await (await route.fetch({ url: url.href })).json()) as { items: Record<string, unknown>[] };
      const template = real.items.find((i) => i.itemId === "wooden_sword")!;
      const items = Array.from({ length: Math.min(100, TOTAL - offset) }, (_, i) => ({
        ...template,
        id: `bulk-${offset + i + 1}`,
        itemId: `bulk_${offset + i + 1}`,
        equipped: false,
      }));
      const next = offset + items.length;
      return route.fulfill({ json: { items, nextCursor: next < TOTAL ? String(next) : null } });
    });
    try {
      await page.goto("/inventory");
      const list = page.getByTestId("inventory-list");
      await list.getByTestId("inventory-bulk_1").waitFor();
      for (let i = 0; i < 400; i++) {
        if ((await list.getByTestId(`inventory-bulk_${TOTAL}`).count()) > 0) break;
        await list.evaluate((el) => el.scrollTo(0, el.scrollHeight));
        await page.waitForTimeout(30);
      }
      await list.getByTestId(`inventory-bulk_${TOTAL}`).waitFor();
      const rendered = await list.locator("li").count();
      assert.ok(rendered < 100, `${rendered} rows in the DOM`);
    } finally {
      await page.unroute("**/api/game/inventory?*");
    }
  });

  it("when a screen throws while rendering (a malformed answer), then it shows a notice, the navigation stays and other screens work", async () => {
    // An inventory row without its item: the screen cannot draw it.
    await page.route("**/api/game/inventory?*", (route) =>
      route.request().method() === "GET"
        ? route.fulfill({
            json: { items: [{ id: "x", itemId: "x", slot: "weapon", quantity: 1, equipped: false }], nextCursor: null },
          })
        : route.fallback(),
    );
    try {
      await page.goto("/inventory");
      await page.getByTestId("page-crashed").getByText("This screen ran into a problem.", { exact: false }).waitFor();
      await screenshot(page, "en-page-crashed");
      await page.getByRole("link", { name: "Shop" }).first().click();
      await page.getByTestId("shop-item-wooden_sword").waitFor();
      assert.equal(await page.getByTestId("page-crashed").count(), 0);
    } finally {
      await page.unroute("**/api/game/inventory?*");
    }
    // React reports the error it caught on the console: expected here.
    assert.ok(
      errors.some((e) => e.includes("rarity")),
      errors.join("\n"),
    );
    errors.length = 0;
  });

  it("when the server restarts under a signed-in player, then the header says so and the live connection comes back", async () => {
    await page.goto("/");
    const badge = page.getByTestId("connection");
    await badge.getByText("Live").waitFor();
    const restarted = server.restart();
    await badge.getByText("Reconnecting…").waitFor();
    await screenshot(page, "en-reconnecting");
    await restarted;
    await badge.getByText("Live").waitFor({ timeout: scaled(30_000) });
    // The browser logs the refused sockets while the server was away: expected here.
    errors.length = 0;
  });

  it("when the session outlives its access token, then the client refreshes it before expiry and no call is refused", async () => {
    await page.goto("/");
    await page.getByTestId("dashboard-level").waitFor();
    // The refresh is held until the player has moved on (a busy server answering late): the calls
    // made meanwhile must wait for it, not go out with the old token and be refused.
    let answerRefresh = () => {};
    const refreshAnswered = new Promise<void>((resolve) => {
      answerRefresh = resolve;
    });
    await page.route("**/api/auth/refresh", async (route) => {
      await refreshAnswered;
      await route.continue();
    });
    try {
      // No navigation from here on: the refresh below comes from the client's own timer.
      await page.waitForRequest("**/api/auth/refresh", { timeout: scaled(ACCESS_TOKEN_TTL_S * 2000) });
      await page.waitForTimeout(ACCESS_TOKEN_TTL_S * 300); // past the old token's expiry
      await page.getByRole("link", { name: "Profile" }).first().click();
      // Time for a call with the expired token to go out and be refused, if the client sent one.
      await page.waitForTimeout(1_000);
      answerRefresh();
      await page.getByRole("heading", { name: "Statistics" }).waitFor();
      await page.getByText("First Steps").waitFor();
    } finally {
      answerRefresh();
      await page.unroute("**/api/auth/refresh");
    }
    assert.deepEqual(refused, []);
  });

  it("when the pages are visited in English, then each renders without errors", async () => {
    for (const [name, path] of PAGES) {
      await page.goto(path);
      await page.locator("main h1").first().waitFor();
      await screenshot(page, `en-page-${name}`);
    }
  });

  it("when the player switches to 한국어, then the UI is translated and stays so after a reload", async () => {
    await page.goto("/");
    await page.getByTestId("language").selectOption("ko");
    await page.getByRole("link", { name: "던전", exact: true }).waitFor();
    assert.match(String(await page.getByTestId("dashboard-level").textContent()), /레벨 \d/);
    await page.reload();
    await page.getByRole("link", { name: "던전", exact: true }).waitFor();
    for (const [name, path] of PAGES) {
      await page.goto(path);
      await page.locator("main h1").first().waitFor();
      await screenshot(page, `ko-page-${name}`);
    }
    // Content names come from the catalogue in English; the client shows them in Korean.
    await page.goto("/shop");
    await page.getByTestId("shop-item-wooden_sword").getByRole("heading", { name: "나무 검" }).waitFor();
    await page.goto("/quests");
    await page.getByRole("heading", { name: "오늘의 서기" }).waitFor();
    await page.goto("/challenges");
    await page.getByRole("link", { name: "카이사르의 밀기" }).click();
    await page.getByRole("button", { name: "도전 시작" }).click();
    await screenshot(page, "ko-challenge-attempt");

    // A party of one: lobby, battle and its end, all in Korean.
    await page.goto("/dungeons");
    await page.getByTestId("dungeon-slime_cave").getByRole("button", { name: "파티 만들기" }).click();
    await page.getByTestId("lobby").waitFor();
    await page.getByRole("heading", { name: /슬라임 동굴/ }).waitFor();
    await screenshot(page, "ko-lobby");
    await page.getByTestId("ready").click();
    await page.getByTestId("action-menu").waitFor();
    let shot = false;
    const deadline = Date.now() + 120_000;
    while ((await page.getByTestId("battle-result").count()) === 0 && Date.now() < deadline) {
      if (await page.getByText("내 차례! 행동을 고르세요.").isVisible()) {
        // The first turn uses skill 1 (Power Strike), the others a plain attack.
        await page.keyboard.press(shot ? "a" : "1");
        if (!shot) {
          await page.waitForTimeout(300);
          await screenshot(page, "ko-battle");
          shot = true;
        }
      }
      await page.waitForTimeout(150);
    }
    assert.match(String(await page.getByTestId("battle-result").textContent()), /승리!|패배/);
    await screenshot(page, "ko-battle-result");
    await page.goto("/spectate");
    await screenshot(page, "ko-spectate");

    await page.getByRole("button", { name: "로그아웃" }).click();
    await page.getByRole("heading", { name: "로그인" }).waitFor();
    await screenshot(page, "ko-login");
    await page.goto("/register");
    await screenshot(page, "ko-register");
  });

  it("when the game is played on a 390-pixel phone, then pages fit the screen width", async () => {
    const phone = await newPlayer(browser, server.url, PHONE);
    try {
      await register(phone.page, freshCredentials("phone"));
      for (const [name, path] of [
        ["dashboard", "/"],
        ["shop", "/shop"],
        ["leaderboard", "/leaderboard"],
        ["coding", "/coding"],
        ["dungeons", "/dungeons"],
      ]) {
        await phone.page.goto(path!);
        await phone.page.locator("main h1").first().waitFor();
        const overflow = await phone.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(overflow <= 0, `${name} overflows by ${overflow}px`);
        await screenshot(phone.page, `phone-${name}`);
      }
      assert.deepEqual(phone.errors, []);
    } finally {
      await phone.context.close();
    }
  });

  it("when the window is 1280×720, then the header and navigation fit on screen", async () => {
    await page.setViewportSize(DESKTOP);
    await page.goto("/");
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `overflows by ${overflow}px`);
  });
});
