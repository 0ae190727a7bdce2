import assert from "node:assert/strict";
import type { Browser } from "playwright-core";
import { launchBrowser, newPlayer, scaled, screenshot } from "./support/browser.ts";
import { freshCredentials, register } from "./support/game.ts";
import { type GameServer, startGameServer } from "./support/server.ts";

describe("public pages for a visitor who is not signed in (production build, real server)", function () {
  this.timeout(scaled(180_000));
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

  it("when a visitor opens the leaderboard and a challenge, then both show without a login, and attempting leads through the login back to the challenge", async () => {
    const player = await newPlayer(browser, server.url);
    const who = freshCredentials("ranked");
    await register(player.page, who);
    await player.context.close();

    const visitor = await newPlayer(browser, server.url);
    const refused: string[] = [];
    visitor.page.on("response", (r) => {
      if (r.status() === 401 || r.status() === 403) refused.push(`${r.status()} ${new URL(r.url()).pathname}`);
    });
    try {
      // The challenges open without a login; the visitor's navigation offers the public pages and
      // the way in, not the game's screens.
      await visitor.page.goto("/challenges");
      const nav = visitor.page.getByRole("navigation", { name: "Main" });
      for (const name of ["Challenges", "Leaderboard", "Log in", "Create an account"]) {
        await nav.getByRole("link", { name }).waitFor();
      }
      assert.equal(await nav.getByRole("link", { name: "Shop" }).count(), 0);
      await visitor.page.getByRole("link", { name: "Not so secret" }).click();
      await visitor.page.getByRole("heading", { name: "Not so secret" }).waitFor();
      await screenshot(visitor.page, "challenge-public");
      assert.equal(await visitor.page.getByRole("button", { name: "Start attempt" }).count(), 0);

      // Attempting needs an account: the login brings the player back to the same challenge.
      const challengePath = new URL(visitor.page.url()).pathname;
      await visitor.page.getByRole("link", { name: "Log in to attempt this challenge" }).click();
      await visitor.page.getByLabel("Username or email").fill(who.username);
      await visitor.page.getByLabel("Password").fill(who.password);
      await visitor.page.getByRole("button", { name: "Log in" }).click();
      await visitor.page.getByRole("button", { name: "Start attempt" }).click();
      assert.equal(new URL(visitor.page.url()).pathname, challengePath);
      await visitor.page.getByLabel("Flag").fill("flag{base64_is_not_encryption}");
      await visitor.page.getByRole("button", { name: "Submit" }).click();
      await visitor.page
        .getByTestId("attempt-result")
        .getByText(/Passed/i)
        .waitFor();

      // Signed out again, the visitor reads the leaderboard, where that player now stands.
      await visitor.page.getByRole("button", { name: "Log out" }).click();
      await visitor.page.getByRole("link", { name: "Leaderboard" }).click();
      await visitor.page.getByTestId("leaderboard").getByText(who.username).waitFor();
      assert.equal(new URL(visitor.page.url()).pathname, "/leaderboard");

      assert.deepEqual(refused, []);
      assert.deepEqual(visitor.errors, []);
    } finally {
      await visitor.context.close();
    }
  });
});
