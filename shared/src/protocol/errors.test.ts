import assert from "node:assert/strict";
import { BattleErrorCode } from "./dungeon.ts";
import { ErrorCode, RoomCode, roomCodeOf } from "./errors.ts";

describe("room codes", () => {
  it("when any error code is refused by a room, then it has a number of its own", () => {
    for (const code of [...Object.values(ErrorCode), ...Object.values(BattleErrorCode), "BATTLE_OVER"]) {
      assert.ok(Object.hasOwn(RoomCode, code), `${code} has a room code`);
    }
    const numbers = Object.values(RoomCode);
    assert.equal(new Set(numbers).size, numbers.length, "no two codes share a number");
    for (const n of numbers) {
      // A refusal at matchmaking is answered with the number as HTTP status; Colyseus' own are 520–526.
      assert.ok(n >= 400 && n <= 599, `${n} is an error status`);
      assert.ok(n < 520 || n > 526, `${n} does not collide with Colyseus`);
    }
  });

  it("when a code is not a key of the table (e.g. inherited), then it is INTERNAL", () => {
    assert.equal(roomCodeOf("FORBIDDEN"), 403);
    assert.equal(roomCodeOf("constructor"), RoomCode.INTERNAL);
    assert.equal(roomCodeOf("NO_SUCH_CODE"), RoomCode.INTERNAL);
  });
});
