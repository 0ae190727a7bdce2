import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import { launchBrowser, newPlayer, screenshot } from "./support/browser.ts";
import { freshCredentials, register } from "./support/game.ts";
import { type GameServer, startGameServer } from "./support/server.ts";
import { startDevServer } from "./support/vite.ts";

/** The first page of Vite's dev server transforms the whole client on demand: slow on a busy machine. */
const FIRST_PAGE_MS = 180_000;

/** Counts the seats a page asks for (POST /api/game/dungeons/battle). */
function countSeatRequests(page: Page): { count: number } {
  const seen = { count: 0 };
  page.on("request", (r) => {
    if (r.method() === "POST" && r.url().endsWith("/api/game/dungeons/battle")) seen.count += 1;
  });
  return seen;
}

/**
 * The party flow in both builds the README names: the production bundle the game server serves
 * (`npm start`) and Vite's development server (`npm run dev`), where React mounts every screen
 * twice (strict mode). Each build: the landing form, a party of two, page reloads in the lobby and
 * in the battle, and the end of the battle.
 */
describe("a party (real server, real browser)", function () {
  this.timeout(300_000);
  // One game server and one browser for both builds: every test registers its own players, and
  // each build is only a different front (the server's bundle, or Vite proxying to the server).
  let server: GameServer;
  let browser: Browser;

  before(async () => {
    server = await startGameServer();
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  for (const build of ["production", "development"] as const) {
    describe(`in the ${build} build`, () => {
      let stopDev: (() => Promise<void>) | undefined;
      let baseURL: string;

      before(async () => {
        baseURL = server.url;
        if (build === "development") {
          const dev = await startDevServer(server.url);
          baseURL = dev.url;
          stopDev = dev.stop;
        }
      });

      after(async () => {
        await stopDev?.();
      });

      it("when a stranger opens the landing page, then the sign-in form appears", async () => {
        const stranger = await newPlayer(browser, baseURL);
        try {
          await stranger.page.goto("/", { waitUntil: "commit" });
          // Before the script runs, the page already shows a sign of life.
          await stranger.page.locator(".boot, form").first().waitFor({ timeout: FIRST_PAGE_MS });
          await stranger.page.getByLabel("Username").waitFor({ timeout: FIRST_PAGE_MS });
          assert.deepEqual(stranger.errors, []);
        } finally {
          await stranger.context.close();
        }
      });

      it("when two players form a party and reload their pages in the lobby and in the battle, then both keep their seats and finish the battle", async () => {
        const alice = await newPlayer(browser, baseURL);
        const bob = await newPlayer(browser, baseURL);
        const aliceSeats = countSeatRequests(alice.page);
        try {
          for (const p of [alice, bob]) p.page.setDefaultTimeout(60_000);
          await register(alice.page, freshCredentials("alice"));
          await register(bob.page, freshCredentials("bob"));

          await alice.page.goto("/dungeons");
          await alice.page.getByTestId("dungeon-slime_cave").getByRole("button", { name: "Create party" }).click();
          await alice.page.getByTestId("lobby").waitFor();
          // The battle page took the list's seat, even when mounted twice: one seat asked for.
          assert.equal(aliceSeats.count, 1, "seat requests from the dungeon list and the battle page");
          const invite = new URL(await alice.page.getByTestId("invite-link").inputValue());
          await bob.page.goto(invite.pathname + invite.search);
          await bob.page.getByTestId("lobby").waitFor();
          await alice.page.getByText(/bob_\w+ · not ready/).waitFor();

          // A reload in the lobby gets the same seat back (its reconnection token), not a conflict.
          await bob.page.reload();
          await bob.page.getByTestId("lobby").waitFor();
          await bob.page.getByTestId("ready").waitFor();
          await alice.page.getByText(/bob_\w+ · not ready/).waitFor();

          await alice.page.getByTestId("ready").click();
          await bob.page.getByTestId("ready").click();
          await alice.page.getByTestId("action-menu").waitFor();

          // Players see what each enemy plans and whom it would hit; a spectator does not.
          await alice.page
            .getByTestId("enemy-intents")
            .getByText(/Slime: Bite → (alice|bob)_\w+/)
            .first()
            .waitFor();
          if (build === "production") {
            const carol = await newPlayer(browser, baseURL);
            try {
              await register(carol.page, freshCredentials("carol"));
              await carol.page.goto(`/spectate/${invite.pathname.split("/").pop()}`);
              await carol.page.getByTestId("spectator-badge").waitFor();
              await carol.page.locator(".stage canvas").waitFor();
              assert.equal(await carol.page.getByTestId("enemy-intents").count(), 0);
              await screenshot(carol.page, "en-battle-spectator-no-intents");
            } finally {
              await carol.context.close();
            }
          }
          await screenshot(alice.page, `battle-intents-${build}`);

          // A reload in the battle: the action menu comes back for the same player.
          await alice.page.reload();
          await alice.page.getByTestId("action-menu").waitFor();

          const deadline = Date.now() + 150_000;
          while ((await alice.page.getByTestId("battle-result").count()) === 0 && Date.now() < deadline) {
            for (const p of [alice.page, bob.page]) {
              if (await p.getByText("Your turn! Choose an action.").isVisible()) await p.keyboard.press("a");
            }
            await alice.page.waitForTimeout(150);
          }
          for (const p of [alice.page, bob.page]) await p.getByTestId("battle-result").waitFor();
          assert.match(String(await alice.page.getByTestId("battle-result").textContent()), /Victory!|Defeat/);
          // The result panel lists the player's own rewards (XP at least; a victory pays coins too).
          await alice.page
            .getByTestId("battle-rewards")
            .getByText(/\+\d+ XP/)
            .waitFor();
          await screenshot(alice.page, `battle-rewards-${build}`);
          // Reloads reconnect: no page ever needed a second seat.
          assert.equal(aliceSeats.count, 1, "alice's seat requests");
          const conflicts = [...alice.errors, ...bob.errors].filter((e) => !/WebSocket|ERR_CONNECTION/.test(e));
          assert.deepEqual(conflicts, []);
        } catch (err) {
          await screenshot(alice.page, `failed-party-${build}-alice`);
          await screenshot(bob.page, `failed-party-${build}-bob`);
          throw new Error(
            `${(err as Error).message}\nalice: ${alice.errors.join("; ")}\nbob: ${bob.errors.join("; ")}`,
          );
        } finally {
          await alice.context.close();
          await bob.context.close();
        }
      });
    });
  }
});
