import assert from "node:assert/strict";
import { clashProblemById } from "@levelup/shared/content/clashProblems";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { launchBrowser, newPlayer, PHONE, scaled, screenshot } from "./support/browser.ts";
import { freshCredentials, register } from "./support/game.ts";
import { type GameServer, startGameServer } from "./support/server.ts";
import { startDevServer } from "./support/vite.ts";

/** The first page of Vite's dev server transforms the whole client on demand: slow on a busy machine. */
const FIRST_PAGE_MS = 180_000;

/**
 * Accounts registered from one network are linked (server/src/services/integrity/AccountLinks.ts)
 * and a clash between them is neither rated nor paid: each player here comes from their own
 * address, as the server (trusting its loopback proxy, TRUST_PROXY) reads it from X-Forwarded-For.
 */
async function fromNetwork(context: BrowserContext, n: number): Promise<void> {
  await context.setExtraHTTPHeaders({ "x-forwarded-for": `198.51.100.${n}` });
}

/** Counts the seats a page asks for (POST /api/game/clashes/queue, invite or join). */
function countSeatRequests(page: Page): { count: number } {
  const seen = { count: 0 };
  page.on("request", (r) => {
    if (r.method() === "POST" && /\/api\/game\/clashes\/(queue|invite|join)$/.test(r.url())) seen.count += 1;
  });
  return seen;
}

/** Replaces the editor's text with `code`, as a paste would. */
async function typeCode(page: Page, code: string): Promise<void> {
  const editor = page.getByTestId("clash-editor").locator(".cm-content");
  // The editor's own count of characters, which follows its document.
  const counted = page
    .locator(".clash-editor .action-row .muted")
    .filter({ hasText: new RegExp(`^${code.length.toLocaleString("en-US")}\\D`) });
  // Once on a busy machine fill's select-all was lost (the code landed in front of the starter
  // code, as the screen re-rendered when the clash opened): fill again until the editor holds
  // exactly the code.
  for (let attempt = 1; attempt <= 3; attempt++) {
    await editor.fill(code);
    const held = await counted.waitFor({ timeout: scaled(3_000) }).then(
      () => true,
      () => false,
    );
    if (held) return;
  }
  throw new Error(`the clash editor does not hold the ${code.length} characters typed`);
}

/** Submits the code in the editor and waits for a grade that reads `expected`. */
async function submit(page: Page, expected: RegExp): Promise<void> {
  await page.getByTestId("clash-submit").click();
  await page.getByTestId("clash-graded-summary").filter({ hasText: expected }).waitFor();
}

/**
 * A clash in both builds the README names: the production bundle the game server serves and
 * Vite's development server, where React mounts every screen twice (strict mode) and the clash
 * screen must share the seat the clash page took, not ask for another.
 */
for (const build of ["production", "development"] as const) {
  describe(`a code clash in the ${build} build (real server, real browser)`, function () {
    this.timeout(scaled(300_000) + (build === "development" ? FIRST_PAGE_MS : 0));
    let server: GameServer;
    let stopDev: (() => Promise<void>) | undefined;
    let baseURL: string;
    let browser: Browser;

    before(async () => {
      // A short countdown; the time limit stays (both players solve long before it).
      server = await startGameServer({ CLASH_COUNTDOWN_MS: "3000" });
      baseURL = server.url;
      if (build === "development") {
        const dev = await startDevServer(server.url);
        baseURL = dev.url;
        stopDev = dev.stop;
      }
      browser = await launchBrowser();
    });

    after(async () => {
      await browser?.close();
      await stopDev?.();
      await server?.stop();
    });

    /** Screens are pictured once, in the build players get. */
    const picture = (page: Page, name: string) => (build === "production" ? screenshot(page, name) : undefined);

    it("when one player invites another by the link, both solve and a third watches, then everyone sees the bars and the result, and the players their rating change", async () => {
      const alice = await newPlayer(browser, baseURL);
      const bob = await newPlayer(browser, baseURL);
      // The spectator watches on a phone.
      const carol = await newPlayer(browser, baseURL, PHONE);
      const everyone = [alice, bob, carol];
      const aliceSeats = countSeatRequests(alice.page);
      const bobSeats = countSeatRequests(bob.page);
      try {
        for (const [i, p] of everyone.entries()) {
          await fromNetwork(p.context, i + 1);
          p.page.setDefaultTimeout(scaled(30_000));
        }
        // The first page of the dev server waits for Vite to transform the client.
        await alice.page.goto("/", { waitUntil: "commit" });
        await alice.page.getByLabel("Username").waitFor({ timeout: scaled(FIRST_PAGE_MS) });
        const aliceName = freshCredentials("alice");
        const bobName = freshCredentials("bob");
        await register(alice.page, aliceName);
        await register(bob.page, bobName);
        await register(carol.page, freshCredentials("carol"));

        // Alice opens a private lobby from the nav and copies its link; alone, she waits.
        await alice.page.getByRole("link", { name: "Clash" }).first().click();
        await picture(alice.page, "clash-home");
        await alice.page.getByTestId("clash-invite").click();
        await alice.page.getByTestId("clash-lobby").waitFor();
        await alice.page.getByTestId("clash-waiting").getByText("Waiting for at least 2 players").waitFor();
        const invite = new URL(await alice.page.getByTestId("clash-invite-link").inputValue());
        assert.match(invite.pathname, /^\/clash\/join\/[\w-]+$/);
        const roomId = invite.pathname.split("/").pop() as string;

        // Bob follows the link; Alice sees him with his rating and may start.
        await bob.page.goto(invite.pathname);
        await bob.page.getByTestId("clash-lobby").waitFor();
        await bob.page.getByTestId("clash-waiting").getByText(`Waiting for ${aliceName.username}`).waitFor();
        await alice.page.getByTestId("clash-lobby-players").getByText(bobName.username).waitFor();
        await alice.page.getByTestId("clash-lobby-players").getByText("rating 1,500").first().waitFor();
        await picture(alice.page, "clash-lobby");

        // Carol watches by the room's id, read-only.
        await carol.page.goto(`/clash/watch/${roomId}`);
        await carol.page.getByTestId("spectator-badge").waitFor();
        await carol.page.getByTestId("clash-lobby").waitFor();
        assert.equal(await carol.page.getByTestId("clash-start").count(), 0);
        await alice.page.getByText("1 spectator").waitFor();

        await alice.page.getByTestId("clash-start").click();
        await alice.page.getByTestId("clash-countdown").waitFor();
        for (const p of everyone) await p.page.getByTestId("clash-problem").waitFor();
        const problemId = (await alice.page.getByTestId("clash-problem").getAttribute("data-problem-id")) ?? "";
        const problem = clashProblemById(problemId);
        assert.ok(problem, `the page shows a known problem (${problemId})`);
        await alice.page.getByTestId("clash-problem").getByRole("heading", { name: problem.title.en }).waitFor();
        const mode = (await alice.page.getByTestId("clash-mode").textContent()) ?? "";
        assert.match(mode, /^(Fastest|Shortest|Reverse)$/);
        // The statement in the UI's language, none in Reverse: the examples are all there is.
        if (mode === "Reverse") await alice.page.getByTestId("clash-reverse").waitFor();
        else assert.equal(await alice.page.getByTestId("clash-reverse").count(), 0);
        // The editor starts from the starter code: the function to write is in it.
        await alice.page.getByTestId("clash-editor").getByText(problem.fn).first().waitFor();
        // The invitation link, opened once the clash runs, offers to watch instead.
        await carol.page.goto(invite.pathname);
        await carol.page.getByText("That clash has already started.").waitFor();
        await carol.page.getByTestId("clash-watch-instead").click();
        await carol.page.getByTestId("spectator-badge").waitFor();
        // Spectators read the puzzle but have no editor.
        await carol.page.getByTestId("clash-problem").getByRole("heading", { name: problem.title.en }).waitFor();
        assert.equal(await carol.page.getByTestId("clash-editor").count(), 0);

        // Alice types: everyone's bars show her characters (the count, never the code).
        await typeCode(alice.page, problem.reference);
        const length = problem.reference.length;
        await carol.page
          .getByTestId(`clash-bar-${aliceName.username}`)
          .getByText(new RegExp(`^${length.toLocaleString("en-US")} characters`))
          .waitFor();
        await alice.page.getByTestId("clash-test").click();
        await alice.page.locator('[data-testid="clash-graded"][data-kind="test"]').waitFor();
        assert.equal(
          await alice.page
            .getByTestId("clash-graded")
            .getByText(/Example \d+ failed/)
            .count(),
          0,
        );
        await submit(alice.page, /^Solved! All \d+ hidden tests pass\.$/);
        await carol.page.getByTestId(`clash-bar-${aliceName.username}`).getByRole("img", { name: "Solved" }).waitFor();
        await carol.page.getByTestId("clash-timeline").getByText(`${aliceName.username} solved it`).waitFor();
        await bob.page.getByTestId(`clash-bar-${aliceName.username}`).getByRole("img", { name: "Solved" }).waitFor();
        await picture(bob.page, "clash-game");
        await picture(carol.page, "clash-spectate");

        // A wrong answer first: graded, not final.
        await typeCode(bob.page, `function ${problem.fn}() { return null; }`);
        await submit(bob.page, /^\d+ of \d+ hidden tests pass\.$/);
        await typeCode(bob.page, problem.reference);
        await submit(bob.page, /^Solved!/);

        // Both solved: the clash ends at once. Alice was first (Shortest: same length, earlier).
        for (const p of everyone) await p.page.getByTestId("clash-result").waitFor();
        await alice.page.getByText("You won!").waitFor();
        await bob.page.getByText("You finished #2").waitFor();
        const aliceRating = (await alice.page.getByTestId("clash-my-rating").textContent()) ?? "";
        const bobRating = (await bob.page.getByTestId("clash-my-rating").textContent()) ?? "";
        assert.match(aliceRating, /^Rating 1,500 → [\d,]+ \(\+\d+\) \(provisional\)$/);
        assert.match(bobRating, /^Rating 1,500 → [\d,]+ \(−\d+\) \(provisional\)$/);
        // Every solution revealed, the winner's highlighted; the spectator sees them too.
        for (const p of everyone) {
          assert.equal(await p.page.getByTestId("clash-solution").count(), 2);
          assert.equal(await p.page.locator(".clash-solution.clash-winner").count(), 1);
          await p.page.locator(".clash-solution.clash-winner").getByText(aliceName.username).waitFor();
        }
        await carol.page
          .getByTestId(`clash-rating-${bobName.username}`)
          .getByText(/1,500 → [\d,]+/)
          .waitFor();
        // On the phone the long lines of code and the wide table scroll inside the page, not the page.
        const overflow = await carol.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(overflow <= 0, `the spectator's result overflows the phone by ${overflow}px`);
        await picture(alice.page, "clash-result");
        await picture(carol.page, "clash-spectate-result");

        // The same result in Korean.
        await bob.page.getByTestId("language").selectOption("ko");
        await bob.page.getByText("2위로 마쳤습니다").waitFor();
        await picture(bob.page, "clash-result-ko");

        // The ladder: both players rated, Alice first.
        await alice.page.goto("/leaderboard");
        await alice.page.getByTestId("leaderboard-tab-clash").click();
        await alice.page.getByTestId("clash-ladder").getByText(bobName.username).first().waitFor();
        assert.match(
          (await alice.page.getByTestId("clash-ladder-me").textContent()) ?? "",
          /^You are #1 with a rating of [\d,]+/,
        );
        await picture(alice.page, "clash-ladder");
        // The leaderboard's tabs and the ladder fit the spectator's phone.
        await carol.page.goto("/leaderboard");
        await carol.page.getByTestId("leaderboard-tab-clash").click();
        await carol.page.getByTestId("clash-ladder").getByText(aliceName.username).first().waitFor();
        const ladderOverflow = await carol.page.evaluate(
          () => document.documentElement.scrollWidth - window.innerWidth,
        );
        assert.ok(ladderOverflow <= 0, `the ladder overflows the phone by ${ladderOverflow}px`);
        await picture(carol.page, "clash-ladder-phone");

        // The clash page's seat was taken over by the clash screen, even mounted twice: one seat each.
        assert.equal(aliceSeats.count, 1, "alice's seat requests");
        assert.equal(bobSeats.count, 1, "bob's seat requests");
        // Carol's seat by the link was refused on purpose (409): the browser logs that one answer.
        const refused = carol.errors.filter((e) => /status of 409/.test(e));
        assert.equal(refused.length, 1, "the late join's refusal");
        const unexpected = everyone
          .flatMap((p) => p.errors)
          .filter((e) => !/WebSocket|ERR_CONNECTION/.test(e) && !refused.includes(e));
        assert.deepEqual(unexpected, []);
      } catch (err) {
        for (const [name, p] of [
          ["alice", alice],
          ["bob", bob],
          ["carol", carol],
        ] as const)
          await screenshot(p.page, `failed-clash-${build}-${name}`).catch(() => {});
        throw new Error(
          `${(err as Error).message}\n${everyone.map((p, i) => `${["alice", "bob", "carol"][i]}: ${p.errors.join("; ")}`).join("\n")}`,
        );
      } finally {
        for (const p of everyone) await p.context.close();
      }
    });

    it("when two players queue asking for Japanese speakers, then they meet in one public lobby that spectators find live", async () => {
      const dave = await newPlayer(browser, baseURL);
      const erin = await newPlayer(browser, baseURL);
      const frank = await newPlayer(browser, baseURL);
      const everyone = [dave, erin, frank];
      try {
        for (const [i, p] of everyone.entries()) {
          await fromNetwork(p.context, i + 10);
          p.page.setDefaultTimeout(scaled(30_000));
        }
        await register(dave.page, freshCredentials("dave"));
        await register(erin.page, freshCredentials("erin"));
        await register(frank.page, freshCredentials("frank"));
        for (const p of [dave, erin]) {
          await p.page.goto("/clash");
          await p.page.getByTestId("clash-language").selectOption("ja");
          await p.page.getByTestId("clash-queue").click();
          await p.page.getByTestId("clash-lobby").getByText("Players who speak 日本語").waitFor();
        }
        assert.equal(new URL(dave.page.url()).pathname, new URL(erin.page.url()).pathname, "one lobby for both");
        await dave.page.getByTestId("clash-lobby").getByText("Public lobby").waitFor();
        await dave.page.getByTestId("clash-start").waitFor();

        // A public lobby is on the live list; a spectator watches it from there.
        await frank.page.goto("/clash");
        const card = frank.page.getByTestId("live-clash").filter({ hasText: "2 players" });
        await card.getByRole("link", { name: "Watch" }).click();
        await frank.page.getByTestId("spectator-badge").waitFor();
        await dave.page.getByText("1 spectator").waitFor();

        await erin.page.getByTestId("language").selectOption("ja");
        await erin.page.getByTestId("clash-waiting").getByText("対決を始めるのを待っています").waitFor();
        await picture(erin.page, "clash-lobby-ja");
        const unexpected = everyone.flatMap((p) => p.errors).filter((e) => !/WebSocket|ERR_CONNECTION/.test(e));
        assert.deepEqual(unexpected, []);
      } finally {
        for (const p of everyone) await p.context.close();
      }
    });
  });
}
