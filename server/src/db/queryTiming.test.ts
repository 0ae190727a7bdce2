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
    ['select "x" from "users"', "profile_with_gear", "profile_with_gear"],
    ['select "x" from "users"', "Robert'); drop table", "select users"],
  ];
  for (const [sql, prepared, name] of table) {
    it(`when the statement is ${sql.slice(0, 30)}${prepared ? ` (prepared ${prepared})` : ""}, then it is named ${name}`, () => {
      assert.equal(queryName(sql, prepared), name);
    });
  }
});
