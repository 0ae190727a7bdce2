import assert from "node:assert/strict";
import { CHAT_MAX_LENGTH, CHAT_RATE, checkChatText, takeToken } from "./chat.ts";

describe("chat: message limits", () => {
  it("when a message has 200 characters (emoji counted once), then it is accepted; 201 is refused", () => {
    assert.deepEqual(checkChatText("a".repeat(CHAT_MAX_LENGTH)), { ok: true, text: "a".repeat(200) });
    assert.equal(checkChatText("😀".repeat(200)).ok, true);
    assert.deepEqual(checkChatText("a".repeat(201)), { ok: false, code: "CHAT_TOO_LONG" });
  });

  it("when a message holds a control or direction-override character, then it is refused whole", () => {
    for (const bad of [
      "hi\nthere",
      "tab\there",
      "bell\u0007",
      "esc\u001b[31m",
      "c1\u0085",
      "\u202Egnp.exe",
      "x\u2066y",
    ]) {
      assert.deepEqual(checkChatText(bad), { ok: false, code: "CHAT_CONTROL_CHARACTERS" }, JSON.stringify(bad));
    }
  });

  it("when a message is only spaces, then it is refused; around a text they are trimmed", () => {
    assert.deepEqual(checkChatText("   "), { ok: false, code: "CHAT_EMPTY" });
    assert.deepEqual(checkChatText("  gg  "), { ok: true, text: "gg" });
  });
});

describe("chat: per-client rate", () => {
  it("when a client sends a burst, then the sixth message is refused until a token is back", () => {
    let bucket: ReturnType<typeof takeToken>["bucket"] | undefined;
    const at = (ms: number) => {
      const r = takeToken(bucket, CHAT_RATE, ms);
      bucket = r.bucket;
      return r;
    };
    for (let i = 0; i < 5; i++) assert.equal(at(1000).ok, true);
    const refused = at(1000);
    assert.equal(refused.ok, false);
    assert.equal(refused.retryAfterMs, 2000);
    assert.equal(at(2999).ok, false);
    assert.equal(at(3000).ok, true);
  });
});
