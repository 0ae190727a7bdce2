import { mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");
export const screenshotDir = path.join(repoRoot, "test-artifacts/screenshots");

/** `ms` on a quiet 4-core machine, scaled to this one (scripts/testTimeScale.cjs, via .mocharc.cjs). */
export function scaled(ms: number): number {
  return Math.round(ms * (Number(process.env.LEVELUP_TEST_TIME_SCALE) || 1));
}

/** Debian's chromium (CI installs it), headless and quiet: no network calls of its own. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

export const DESKTOP = { width: 1280, height: 720 };
export const PHONE = { width: 390, height: 844 };

/** A fresh browser profile (own storage) on the server, failing the test on any page error. */
export async function newPlayer(
  browser: Browser,
  baseURL: string,
  viewport = DESKTOP,
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ baseURL, viewport, locale: "en-US" });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.setDefaultTimeout(scaled(15_000));
  return { context, page, errors };
}

/** Saves a full-page screenshot as test-artifacts/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  // Let fonts settle and Pixi draw a few frames before the picture: waited for, not slept (a
  // fixed 400 ms each added up over the suite's pictures), at most the 400 ms it used to be.
  await page.evaluate(async () => {
    const settled = (async () => {
      await document.fonts.ready;
      for (let i = 0; i < 4; i++) await new Promise((r) => requestAnimationFrame(r));
    })();
    await Promise.race([settled, new Promise((r) => setTimeout(r, 400))]);
  });
  // A full-page capture resizes the viewport for a moment, which clears a WebGL canvas:
  // screens with a game scene are captured as the player sees them.
  const hasScene = (await page.locator(".stage canvas").count()) > 0;
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: !hasScene });
}
