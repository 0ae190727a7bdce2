import assert from "node:assert/strict";
import { Client, type Room } from "@colyseus/sdk";
import { CodingState } from "@levelup/shared/state/CodingState";
import type { Browser, Page } from "playwright-core";
import { launchBrowser, newPlayer, scaled, screenshot } from "./support/browser.ts";
import { freshCredentials, register } from "./support/game.ts";
import { type GameServer, startGameServer } from "./support/server.ts";

/** Lines the player's other client (a tracker, another tab) spends first: the whole minute's budget. */
const SPENT_ELSEWHERE = 600;
const PASTED = 500;

async function post(server: GameServer, path: string, body: unknown, token?: string) {
  const res = await fetch(`${server.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any };
}

const queuedOf = async (page: Page) =>
  Number(((await page.getByTestId("coding-queued").textContent()) ?? "").replace(/\D/g, ""));

describe("a large paste on the coding page (production build, real server)", function () {
  this.timeout(scaled(240_000));
  let server: GameServer;
  let browser: Browser;
  let other: Room<any, CodingState> | undefined;

  before(async () => {
    server = await startGameServer();
    browser = await launchBrowser();
  });

  after(async () => {
    await other?.leave().catch(() => {});
    await browser?.close();
    await server?.stop();
  });

  it("when 500 lines are pasted while the player's budget is spent elsewhere, then they are shown queued and all paid later", async () => {
    const { page, errors } = await newPlayer(browser, server.url);
    const who = freshCredentials("paster");
    await register(page, who);
    await page.getByRole("link", { name: "Coding" }).first().click();
    await page.getByRole("button", { name: "Start session" }).click();
    const editor = page.locator(".cm-content");
    await editor.waitFor();

    // The same player's other client joins the session's room and spends the minute's budget.
    const login = await post(server, "/api/auth/login", who);
    assert.equal(login.status, 200);
    const token = login.body.access_token as string;
    const resumed = await post(server, "/api/game/coding/start", {}, token);
    assert.equal(resumed.status, 200, "the page's session is resumed, not a new one");
    const client = new Client(server.url);
    client.auth.token = token;
    other = await client.consumeSeatReservation(resumed.body.reservation, CodingState);
    for (const type of ["coding_rejected", "xp_update", "coding_ended", "error"]) other.onMessage(type, () => {});
    const room = other;
    for (let sent = 0; sent < SPENT_ELSEWHERE; sent += 200) {
      room.send("coding_update", { linesAdded: 200, language: "typescript", file: "tracker.ts" });
    }
    const deadline = Date.now() + scaled(30_000);
    while (room.state.linesWritten < SPENT_ELSEWHERE) {
      assert.ok(Date.now() < deadline, "the other client's lines were accepted");
      await new Promise((r) => setTimeout(r, 100));
    }

    // The paste: the server refuses it for the budget; the page keeps it queued, visibly.
    await editor.fill(Array.from({ length: PASTED }, (_, i) => `const line${i} = ${i};`).join("\n"));
    await page.waitForFunction(
      (n) => Number(document.querySelector('[data-testid="coding-queued"]')?.textContent?.replace(/\D/g, "")) >= n,
      PASTED,
      { timeout: scaled(30_000) },
    );
    await screenshot(page, "en-coding-queued");
    assert.equal(room.state.linesWritten, SPENT_ELSEWHERE, "nothing of the paste was paid over the budget");

    // Once the minute has passed, every pasted line is sent and paid: none was lost.
    await page.waitForFunction(
      () => Number(document.querySelector('[data-testid="coding-queued"]')?.textContent?.replace(/\D/g, "")) === 0,
      undefined,
      { timeout: scaled(120_000) },
    );
    const paid = Date.now() + scaled(30_000);
    while (room.state.linesWritten < SPENT_ELSEWHERE + PASTED) {
      assert.ok(Date.now() < paid, `paid ${room.state.linesWritten} of ${SPENT_ELSEWHERE + PASTED} lines`);
      await new Promise((r) => setTimeout(r, 200));
    }
    assert.equal(room.state.linesWritten, SPENT_ELSEWHERE + PASTED);
    assert.equal(await queuedOf(page), 0);
    assert.deepEqual(errors, [], "errors in the page");
  });
});
