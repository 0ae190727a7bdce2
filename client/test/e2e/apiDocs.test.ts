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
    const operations = Object.entries(doc.paths).flatMap(([p, item]) =>
      Object.keys(item)
        .filter((k) => METHODS.includes(k))
        .map((m): [string, string] => [p, m]),
    );
    await page.goto("/api/docs");
    const blocks = page.locator(".opblock");
    await blocks.first().waitFor();
    // An operation may sit under several tags; each tag lists it once.
    assert.ok(
      (await blocks.count()) >= operations.length,
      `${await blocks.count()} of ${operations.length} operations`,
    );

    // Swagger UI resolves an operation's schemas when it opens: open every one (a click on each
    // summary's toggle, all in one go: one Playwright click each took over a minute), then wait
    // until each shows its body and Swagger UI holds each one's resolved schemas, so that a
    // resolver error would be on the page by then.
    const count = await blocks.count();
    const toggles = page.locator(".opblock .opblock-summary-control");
    assert.equal(await toggles.count(), count, "one toggle per operation");
    await toggles.evaluateAll((buttons) => {
      for (const b of buttons) (b as HTMLElement).click();
    });
    const resolved = (ops: Array<[string, string]>) => {
      const ui = (window as { ui?: { specSelectors: { specResolvedSubtree(path: string[]): unknown } } }).ui;
      const blocks = [...document.querySelectorAll(".opblock")];
      return (
        blocks.length > 0 &&
        blocks.every((b) => b.querySelector(".opblock-body")) &&
        ops.every(([p, m]) => ui?.specSelectors.specResolvedSubtree(["paths", p, m]) !== undefined)
      );
    };
    await page.waitForFunction(resolved, operations, { timeout: scaled(60_000) });
    assert.equal(await page.locator(".opblock .opblock-body").count(), count, "every operation shows its details");
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
