import assert from "node:assert/strict";
import { balanceReport, PARTY_BOSS_TARGET, SOLO_BOSS_LIMIT, SOLO_NORMAL_TARGET } from "./balance.ts";

describe("balance (scripted parties, fixed seed; full report: npx tsx shared/scripts/balance.ts)", () => {
  it("when scripted parties play every dungeon at its required level, then the README's win-rate targets hold", function () {
    this.timeout(120_000);
    const rows = balanceReport(60, 20261202);
    const rate = (dungeonId: string, size: number) =>
      rows.find((r) => r.dungeonId === dungeonId && r.partySize === size)?.rate ?? Number.NaN;
    for (const r of rows.filter((r) => r.partySize === 1)) {
      if (r.boss) {
        assert.ok(r.rate <= SOLO_BOSS_LIMIT, `${r.dungeonId}: a solo player wins ${r.rate} (a boss needs a party)`);
        const party = rate(r.dungeonId, 4);
        assert.ok(party >= PARTY_BOSS_TARGET, `${r.dungeonId}: a party of 4 wins ${party}`);
      } else {
        assert.ok(r.rate >= SOLO_NORMAL_TARGET, `${r.dungeonId}: a solo player wins only ${r.rate}`);
      }
    }
  });
});
