import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import { launchBrowser, newPlayer, scaled } from "./support/browser.ts";
import { type GameServer, startGameServer } from "./support/server.ts";

const METHODS = ["get", "post", "put", "patch", "delete"];

describe("the API page (/api/docs, Swagger UI, real server)", function () {
  this.timeout(scaled(180_000));
  let server: GameServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  const failedRequests: string[] = [];

  before(async () => {
    server = await startGameServer();
    browser = await launchBrowser();
    ({ page, errors } = await newPlayer(browser, server.url));
    page.on("response", (r) => {
      if (r.status() >= 400) failedRequests.push(`${r.status()} ${new URL(r.url()).pathname}`);
    });
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("when every operation is opened, then each renders its details and none shows a resolver error", async () => {
    const doc = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const operations = Object.values(doc.paths).flatMap((item) => Object.keys(item).filter((k) => METHODS.includes(k)));
    await page.goto("/api/docs");
    const blocks = page.locator(".opblock");
    await blocks.first().waitFor();
    // An operation may sit under several tags; each tag lists it once.
    assert.ok(
      (await blocks.count()) >= operations.length,
      `${await blocks.count()} of ${operations.length} operations`,
    );

    // Swagger UI resolves an operation's schemas when it opens: open each, wait for its body.
    const count = await blocks.count();
    for (let i = 0; i < count; i++) {
      const block = blocks.nth(i);
      await block.locator(".opblock-summary").first().click();
      await block.locator(".opblock-body").waitFor();
    }
    const resolverErrors = await page.getByText(/Resolver error/).count();
    assert.equal(
      resolverErrors,
      0,
      await page
        .locator(".errors-wrapper")
        .allTextContents()
        .then((t) => t.join("\n")),
    );
    // The browser asks for /favicon.ico on its own; it exists only once the client is built.
    assert.deepEqual(
      failedRequests.filter((r) => !r.endsWith(" /favicon.ico")),
      [],
      "requests of the page that failed",
    );
    assert.deepEqual(
      errors.filter((e) => !/Failed to load resource/.test(e)),
      [],
      "errors in the page",
    );
  });
});
