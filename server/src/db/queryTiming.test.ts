import assert from "node:assert/strict";
import { queryName } from "./queryTiming.ts";

describe("database query names (a bounded metrics label)", () => {
  const table: [string, string | undefined, string][] = [
    ['select "id" from "users" where "users"."id" = $1', undefined, "select users"],
    ['insert into "ledger" ("user_id") values ($1)', undefined, "insert ledger"],
    ['update "profiles" set "coins" = $1', undefined, "update profiles"],
    ['delete from "refresh_tokens" where true', undefined, "delete refresh_tokens"],
    ["select * from secret_user_1234", undefined, "select other"],
    ["begin", undefined, "transaction"],
    ["commit", undefined, "transaction"],
    ["vacuum users", undefined, "other"],
    [
      'with w0 as (update "profiles" set "coins" = $1), w1 as (insert into "grants" values ($2)) select 1',
      undefined,
      "with update profiles",
    ],
    [
      "with created as (insert into quests (user_id) select $1 returning id) select * from created",
      undefined,
      "with insert quests",
    ],
    ["with x as (select 1 from secret_user_1234) select * from x", undefined, "with select other"],
    ["with recursive x as (values (1)) select * from x", undefined, "other"],
    ['select "x" from "users"', "profile_with_gear", "profile_with_gear"],
    ['select "x" from "users"', "Robert'); drop table", "select users"],
  ];
  for (const [sql, prepared, name] of table) {
    it(`when the statement is ${sql.slice(0, 30)}${prepared ? ` (prepared ${prepared})` : ""}, then it is named ${name}`, () => {
      assert.equal(queryName(sql, prepared), name);
    });
  }
});
