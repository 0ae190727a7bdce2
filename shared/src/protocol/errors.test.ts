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
      assert.ok(n >= 4000 && n <= 4999, `${n} is in the application range`);
      // Colyseus' own close codes (4000–4010) and matchmaking codes (4210–4217) stay unambiguous.
      assert.ok(n > 4010 && (n < 4210 || n > 4217), `${n} does not collide with Colyseus`);
    }
  });

  it("when a code is not a key of the table (e.g. inherited), then it is INTERNAL", () => {
    assert.equal(roomCodeOf("FORBIDDEN"), 4403);
    assert.equal(roomCodeOf("constructor"), RoomCode.INTERNAL);
    assert.equal(roomCodeOf("NO_SUCH_CODE"), RoomCode.INTERNAL);
  });
});
