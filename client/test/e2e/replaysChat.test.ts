import assert from "node:assert/strict";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { launchBrowser, newPlayer, screenshot } from "./support/browser.ts";
import { freshCredentials, register } from "./support/game.ts";
import { type GameServer, startGameServer } from "./support/server.ts";

type Player = { context: BrowserContext; page: Page; errors: string[] };

/** Attacks with the keyboard whenever it is one of `fighters`' turn, until `page` shows the result. */
async function fightToTheEnd(page: Page, fighters: Page[]): Promise<void> {
  const deadline = Date.now() + 150_000;
  while (Date.now() < deadline && (await page.getByTestId("battle-result").count()) === 0) {
    for (const p of fighters) {
      if (await p.getByText("Your turn! Choose an action.").isVisible()) await p.keyboard.press("a");
    }
    await page.waitForTimeout(150);
  }
  await page.getByTestId("battle-result").waitFor();
}

/** Takes focus out of the chat box, so the battle keys reach the action menu. */
const blur = (p: Page) => p.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());

describe("replays and party chat in a browser (production build, real server)", function () {
  this.timeout(300_000);
  let server: GameServer;
  let browser: Browser;
  const players: Player[] = [];

  before(async () => {
    server = await startGameServer();
    browser = await launchBrowser();
  });

  after(async () => {
    for (const p of players) await p.context.close().catch(() => {});
    await browser?.close();
    await server?.stop();
  });

  it("when two players chat in their party while a spectator watches, then all three see the messages and the spectator may only emote; the battle's replay link then replays it to the same end for a signed-out visitor", async () => {
    const [alice, bob, carol] = [
      await newPlayer(browser, server.url),
      await newPlayer(browser, server.url),
      await newPlayer(browser, server.url),
    ] as [Player, Player, Player];
    players.push(alice, bob, carol);
    try {
      const bobName = freshCredentials("bob");
      await register(alice.page, freshCredentials("alice"));
      await register(bob.page, bobName);
      await register(carol.page, freshCredentials("carol"));

      await alice.page.goto("/dungeons");
      await alice.page.getByTestId("dungeon-slime_cave").getByRole("button", { name: "Create party" }).click();
      await alice.page.getByTestId("lobby").waitFor();
      const invite = new URL(await alice.page.getByTestId("invite-link").inputValue());
      await bob.page.goto(invite.pathname + invite.search);
      await bob.page.getByTestId("lobby").waitFor();
      await alice.page.getByText(/bob_\w+ · not ready/).waitFor();
      await alice.page.getByTestId("ready").click();
      await bob.page.getByTestId("ready").click();
      await alice.page.getByTestId("action-menu").waitFor();

      await carol.page.goto("/spectate");
      await carol.page.getByTestId("live-battle").first().getByRole("link", { name: "Watch" }).click();
      await carol.page.getByTestId("spectator-badge").waitFor();

      // Two players talk; everyone, the spectator included, reads both lines.
      await alice.page.getByTestId("chat-input").fill("hello bob, left slime first");
      await alice.page.getByTestId("chat-send").click();
      await bob.page.getByTestId("chat-input").fill("on it!");
      await bob.page.keyboard.press("Enter");
      for (const p of [alice.page, bob.page, carol.page]) {
        await p.getByTestId("chat-lines").getByText("hello bob, left slime first").waitFor();
        await p.getByTestId("chat-lines").getByText("on it!").waitFor();
      }
      // The spectator has no chat box, only emotes; its emote shows in the players' scene (the crowd).
      assert.equal(await carol.page.getByTestId("chat-input").count(), 0);
      await carol.page.getByText("Spectators can send emotes only.").waitFor();
      await screenshot(carol.page, "en-party-chat-spectator");
      await screenshot(alice.page, "en-party-chat-player");
      // Emotes are drawn in the scene for a few seconds: picture the scene right after them.
      await carol.page.getByTestId("emote-cheer").click();
      await alice.page.getByTestId("emote-wave").click();
      await alice.page.evaluate(() => window.scrollTo(0, 0));
      await screenshot(alice.page, "en-party-emotes-in-scene");

      // Bob mutes Alice: her next line reaches the spectator, not Bob.
      await bob.page
        .getByTestId("chat-line")
        .filter({ hasText: "hello bob" })
        .getByRole("button", { name: "Mute" })
        .click();
      await bob.page.getByText("1 muted:").waitFor();
      await alice.page.getByTestId("chat-input").fill("can you still hear me");
      await alice.page.getByTestId("chat-send").click();
      await carol.page.getByTestId("chat-lines").getByText("can you still hear me").waitFor();
      await bob.page.waitForTimeout(500);
      assert.equal(await bob.page.getByTestId("chat-lines").getByText("can you still hear me").count(), 0);

      await blur(alice.page);
      await blur(bob.page);
      await fightToTheEnd(alice.page, [alice.page, bob.page]);
      const seen = {
        result: String(await alice.page.getByTestId("battle-result").locator("h2").textContent()),
        round: String(await alice.page.locator(".battle-top h1").textContent()).match(/Round (\d+)/)?.[1],
      };
      const watch = alice.page.getByTestId("watch-replay");
      await watch.waitFor();
      await screenshot(alice.page, "en-battle-result-watch-replay");
      const replayPath = String(await watch.getAttribute("href"));
      assert.match(replayPath, /^\/replays\/[0-9a-f-]{36}$/);

      // Only one WebGL scene from here on: the others keep a loaded machine's browser too busy to answer.
      await bob.context.close();
      await carol.context.close();
      await alice.page.goto("/spectate");

      // A visitor who never signed in opens the link, steps, and scrubs to the end.
      const visitor = await newPlayer(browser, server.url);
      players.push(visitor);
      await visitor.page.goto(replayPath);
      await visitor.page.getByTestId("replay").waitFor();
      assert.match(String(await visitor.page.getByTestId("replay-position").textContent()), /^Action 0 \/ \d+$/);
      // Keyboard presses on the controls: a busy machine keeps the WebGL scene from letting clicks settle.
      await visitor.page.getByTestId("replay-step").press("Enter");
      assert.match(String(await visitor.page.getByTestId("replay-position").textContent()), /^Action 1 \/ \d+$/);
      await visitor.page.getByTestId("replay-speed").selectOption("4");
      await visitor.page.getByTestId("replay-play").press("Enter");
      await visitor.page.waitForTimeout(800);
      await screenshot(visitor.page, "en-replay-playing");
      await visitor.page.getByTestId("replay-play").press("Enter");
      await visitor.page.getByTestId("replay-scrubber").focus();
      await visitor.page.keyboard.press("End");
      const result = visitor.page.getByTestId("replay-result");
      await result.waitFor();
      assert.equal(String(await result.locator("h2").textContent()), seen.result, "the same ending");
      assert.equal(
        String(await visitor.page.getByTestId("replay-result-round").textContent()),
        `Round ${seen.round}`,
        "in the same round",
      );
      assert.equal(await visitor.page.getByTestId("replay-verified").getAttribute("data-verified"), "true");
      await screenshot(visitor.page, "en-replay-end");

      // Signed in, the Spectate page lists it among the recent replays.
      await alice.page.reload();
      await alice.page.getByTestId("replays-recent").getByTestId("replay-item").first().waitFor();
      await screenshot(alice.page, "en-spectate-replays");

      for (const p of players) assert.deepEqual(p.errors, [], "errors in a page");
    } catch (err) {
      for (const [i, p] of players.entries()) await screenshot(p.page, `failed-replays-chat-${i}`).catch(() => {});
      throw err;
    }
  });
});
