import assert from "node:assert/strict";
import type { Browser } from "playwright-core";
import { launchBrowser, newPlayer, scaled, screenshot } from "./support/browser.ts";
import { freshCredentials, register } from "./support/game.ts";
import { type GameServer, startGameServer } from "./support/server.ts";

describe("the time zone picker on the profile page (production build, real server)", function () {
  this.timeout(scaled(120_000));
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

  it("when a player searches, picks Pacific/Kiritimati and saves, then the profile keeps it and the next change waits a week", async () => {
    const { page, errors } = await newPlayer(browser, server.url);
    await register(page, freshCredentials("zoner"));
    await page.getByRole("link", { name: "Profile" }).first().click();
    const picker = page.getByTestId("time-zone");
    await picker.getByLabel("Search time zones").fill("kiriti");
    const select = picker.locator("select");
    const options = await select.locator("option").allTextContents();
    assert.deepEqual(options, ["UTC", "Pacific/Kiritimati"], "the search narrows the list (the current zone stays)");
    await select.selectOption("Pacific/Kiritimati");
    await picker.getByRole("button", { name: "Save time zone" }).click();
    await picker.getByRole("status").getByText("Time zone set to Pacific/Kiritimati.").waitFor();
    await picker.getByText(/You can change it again from/).waitFor();
    assert.equal(await picker.getByRole("button", { name: "Save time zone" }).isDisabled(), true);
    await screenshot(page, "en-profile-time-zone");

    await page.reload();
    await page.getByTestId("time-zone").waitFor();
    assert.equal(await page.getByTestId("time-zone").locator("select").inputValue(), "Pacific/Kiritimati");
    assert.deepEqual(errors, [], "errors in the page");
  });
});
