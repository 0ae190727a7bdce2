import assert from "node:assert/strict";
import { CODING_CAPS } from "./coding.ts";
import { UpdatePacer } from "./updatePacer.ts";

describe("update pacer (the web page's and the tracker's rule)", () => {
  it("when 1,500 lines are pasted at once, then every line is sent, within the server's per-event and per-minute caps", () => {
    const pacer = new UpdatePacer();
    pacer.add({ file: "main", language: "typescript", added: 1_500, removed: 0, characters: 30_000 });
    const sent: { at: number; lines: number }[] = [];
    let queuedSeen = 0;
    for (let now = 0; now <= 5 * 60_000; now += 1_500) {
      for (const m of pacer.take(now)) {
        assert.ok((m.linesAdded ?? 0) <= CODING_CAPS.maxLinesPerEvent);
        sent.push({ at: now, lines: m.linesAdded ?? 0 });
      }
      queuedSeen = Math.max(queuedSeen, pacer.pendingLines);
    }
    assert.equal(
      sent.reduce((n, s) => n + s.lines, 0),
      1_500,
      "no line lost",
    );
    assert.equal(pacer.pendingLines, 0);
    assert.ok(queuedSeen > 0, "the rest waited in the queue");
    for (const s of sent) {
      const inWindow = sent.filter((o) => o.at > s.at - CODING_CAPS.windowMs && o.at <= s.at);
      assert.ok(inWindow.reduce((n, o) => n + o.lines, 0) <= CODING_CAPS.maxLinesPerWindow);
    }
  });
});
