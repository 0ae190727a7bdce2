import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { copyFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { Browser, Page } from "playwright-core";
import { launchBrowser, newPlayer, scaled, screenshot, screenshotDir } from "./support/browser.ts";
import { type Credentials, freshCredentials, headerXp, register } from "./support/game.ts";
import { type GameServer, startGameServer } from "./support/server.ts";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
/** Fewer than the daily quest's 50 lines: the dashboard shows it part-way. */
const LINES = 30;

async function apiAs(server: GameServer, who: Credentials, method: string, route: string, body?: unknown) {
  const login = await fetch(`${server.url}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(who),
  });
  const { access_token } = (await login.json()) as { access_token: string };
  const res = await fetch(`${server.url}${route}`, {
    method,
    headers: { authorization: `Bearer ${access_token}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json().catch(() => undefined)) as any };
}

describe("dashboard and admin page in a browser (production build, real server)", function () {
  this.timeout(scaled(240_000));
  let server: GameServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  const player = freshCredentials("dash");
  const boss = freshCredentials("boss");

  before(async () => {
    server = await startGameServer();
    browser = await launchBrowser();
    ({ page, errors } = await newPlayer(browser, server.url));
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  afterEach(function () {
    if (this.currentTest?.state === "passed") assert.deepEqual(errors, [], "errors in the page");
    errors.length = 0;
  });

  it("when a player codes, then the dashboard shows the daily quest's progress, today's XP and the session", async () => {
    await register(page, player);
    const quest = page.getByTestId("dashboard-quest-daily_lines");
    assert.match(String(await quest.getByTestId("quest-progress").textContent()), /^0 \/ 50$/);
    assert.equal(await page.getByTestId("dashboard-today-xp").textContent(), "0");

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

    await page.getByRole("link", { name: "Home" }).first().click();
    await page.getByTestId("dashboard-quest-daily_lines").getByText(`${LINES} / 50`).waitFor();
    const progress = page.getByTestId("dashboard-quest-daily_lines").locator("progress");
    assert.equal(await progress.getAttribute("value"), String(LINES));
    assert.ok(Number((await page.getByTestId("dashboard-today-xp").textContent())?.replace(/\D/g, "")) >= LINES);
    await page.getByTestId("dashboard-sessions").locator("li").first().waitFor();
    await screenshot(page, "dashboard");
    copyFileSync(path.join(screenshotDir, "dashboard.png"), path.join(repoRoot, "docs/screenshots/dashboard.png"));
  });

  it("when a player is not an admin, then the page has no Admin link, /admin leads home and the admin routes answer 403", async () => {
    assert.equal(await page.getByRole("link", { name: "Admin" }).count(), 0);
    await page.goto("/admin");
    await page.getByTestId("dashboard-level").waitFor();
    assert.equal(new URL(page.url()).pathname, "/");
    const badge = await apiAs(server, player, "POST", "/api/game/badges", {
      id: "player_try",
      name: "Nope",
      condition: { type: "xp", threshold: 1 },
    });
    assert.equal(badge.status, 403);
    assert.equal((await apiAs(server, player, "GET", "/api/admin/challenges")).status, 403);
  });

  it("when an account is made admin with `npm run admin`, then its Admin page creates a badge and approves a player's challenge", async () => {
    const made = await apiAs(server, player, "POST", "/api/game/challenges", {
      type: "CTF",
      title: "Player puzzle",
      description: "Find the flag.",
      difficulty: 1,
      xpReward: 10,
      coinReward: 5,
      answer: "flag{p}",
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const admin = await newPlayer(browser, server.url);
    page = admin.page;
    errors = admin.errors;
    await register(page, boss);
    // The command opens the embedded database, which one process holds at a time: the server is stopped meanwhile.
    await server.restart(async () => {
      await promisify(execFile)("npm", ["run", "--silent", "admin", "--", "--user", boss.username], {
        cwd: repoRoot,
        env: { ...server.env, LOG_LEVEL: "silent" },
      });
    });
    await page.reload();
    await page.getByRole("link", { name: "Admin" }).click();
    // The page's hub connection retried while the server was deliberately down: only those refusals are expected.
    const unexpected = errors.filter((e) => !/ERR_CONNECTION_REFUSED/.test(e));
    errors.length = 0;
    errors.push(...unexpected);
    await page.getByRole("heading", { name: "Create a badge" }).waitFor();

    const form = page.getByTestId("badge-form");
    await form.getByLabel("Id").fill("night_owl");
    await form.getByLabel("Name").fill("Night Owl");
    await form.getByLabel("Description").fill("Write 500 lines");
    await form.getByLabel("Condition").selectOption("lines_written");
    await form.getByLabel("Needed").fill("500");
    await form.getByRole("button", { name: "Create badge" }).click();
    await form.getByText("Badge Night Owl created.").waitFor();
    const catalogue = await apiAs(server, boss, "GET", "/api/game/badges");
    const created = catalogue.body.items.find((b: { id: string }) => b.id === "night_owl");
    assert.deepEqual(created?.condition, { type: "lines_written", count: 500 });

    const card = page.getByTestId(`review-${made.body.id}`);
    await card.getByText(`by ${player.username}`, { exact: false }).waitFor();
    await screenshot(page, "admin");
    await card.getByRole("button", { name: "Approve" }).click();
    await page.getByText("Approved.").waitFor();
    await card.waitFor({ state: "detached" });
    const approved = await apiAs(server, boss, "GET", "/api/admin/challenges?status=approved");
    assert.ok(approved.body.items.some((c: { id: string }) => c.id === made.body.id));
  });
});
