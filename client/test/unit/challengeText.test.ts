import assert from "node:assert/strict";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { ChallengeText } from "../../src/features/challenges/ChallengeText.tsx";

const render = (source: string) => renderToStaticMarkup(createElement(ChallengeText, { source }));

describe("challenge descriptions (Markdown from players)", () => {
  it("when a description holds Markdown, then it renders as formatted text", () => {
    const html = render("Return the **sum**:\n\n```js\nsum([1, 2])\n```");
    assert.match(html, /<strong>sum<\/strong>/);
    assert.match(html, /<pre><code class="language-js">sum\(\[1, 2\]\)\n<\/code><\/pre>/);
  });

  it("when a player-made challenge holds raw HTML or script links, then nothing of it is live", () => {
    const html = render(
      'Hi <img src=x onerror="alert(1)"> <script>alert(2)</script>\n\n<iframe src="https://evil.test"></iframe>\n\n[click](javascript:alert(3))',
    );
    assert.doesNotMatch(html, /<img|<script|<iframe|onerror=/i);
    assert.doesNotMatch(html, /href="javascript:/i);
    assert.match(html, /click/);
  });
});
