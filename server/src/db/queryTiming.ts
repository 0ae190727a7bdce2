import type { PGlite, Transaction } from "@electric-sql/pglite";
import { getTableName, isTable } from "drizzle-orm";
import pg from "pg";
import * as schema from "./schema.ts";

/** Called once per statement with its name (queryName) and its time in seconds. */
export type QueryObserver = (name: string, seconds: number) => void;

const TABLES: ReadonlySet<string> = new Set(
  Object.values(schema)
    .filter((v) => isTable(v))
    .map((t) => getTableName(t)),
);
const VERBS = new Set(["select", "insert", "update", "delete"]);
const TRANSACTION = new Set(["begin", "commit", "rollback", "savepoint", "release", "set"]);
const PREPARED_NAME = /^[a-z][a-z0-9_]{0,62}$/;

/**
 * A bounded name for a statement, for the metrics label: the prepared statement's name when it
 * has one (code constants such as "profile_with_gear"), else its verb and first table ("select
 * users", "insert ledger") when that table is one of the schema's, "with" and the same for a
 * statement of common table expressions (named by its first one: "with update profiles"),
 * "transaction" for transaction control, "other" for everything else. Never built from values,
 * so never a user id.
 */
export function queryName(text: string, preparedName?: string): string {
  if (preparedName && PREPARED_NAME.test(preparedName)) return preparedName;
  const verb = /^\s*([a-z]+)/i.exec(text)?.[1]?.toLowerCase() ?? "";
  if (TRANSACTION.has(verb)) return "transaction";
  if (verb === "with") {
    const first = /\bas\s*\(\s*(([a-z]+)[\s\S]*)/i.exec(text);
    const inner = first?.[2]?.toLowerCase() ?? "";
    return VERBS.has(inner) ? `with ${verbAndTable(inner, first?.[1] ?? "")}` : "other";
  }
  return VERBS.has(verb) ? verbAndTable(verb, text) : "other";
}

function verbAndTable(verb: string, text: string): string {
  const table = /\b(?:from|into|update)\s+"?([a-z_][a-z0-9_]*)"?/i.exec(text)?.[1];
  return table && TABLES.has(table) ? `${verb} ${table}` : `${verb} other`;
}

function observed<T>(run: () => Promise<T>, name: string, observe: QueryObserver): Promise<T> {
  const started = process.hrtime.bigint();
  const done = () => observe(name, Number(process.hrtime.bigint() - started) / 1e9);
  const result = run();
  result.then(done, done);
  return result;
}

/**
 * A node-postgres client that times every query: those returning a promise (drizzle's, inside
 * transactions) and those with a callback (the pool's own `query`, drizzle's outside them).
 */
export function timedPgClient(observe: QueryObserver): typeof pg.Client {
  return class TimedClient extends pg.Client {
    // pg's query has a dozen overloads; this passes them all through unchanged.
    override query(...args: any[]): any {
      const config = args[0] as string | { text?: string; name?: string };
      const name = typeof config === "string" ? queryName(config) : queryName(config?.text ?? "", config?.name);
      const callback = args.at(-1);
      if (typeof callback === "function") {
        const started = process.hrtime.bigint();
        args[args.length - 1] = (...reply: unknown[]) => {
          observe(name, Number(process.hrtime.bigint() - started) / 1e9);
          return callback(...reply);
        };
        return (super.query as (...a: any[]) => any)(...args);
      }
      const result = (super.query as (...a: any[]) => any)(...args);
      return result instanceof Promise ? observed(() => result, name, observe) : result;
    }
  };
}

/** Times PGlite's queries, those of its transactions included (drizzle calls `query` on both). */
export function timePglite(client: PGlite, observe: QueryObserver): void {
  const wrap = (target: PGlite | Transaction) => {
    const query = target.query.bind(target) as PGlite["query"];
    target.query = ((text: string, ...rest: unknown[]) =>
      observed(
        () => (query as (...a: unknown[]) => Promise<unknown>)(text, ...rest),
        queryName(text),
        observe,
      )) as PGlite["query"];
  };
  wrap(client);
  const transaction = client.transaction.bind(client);
  client.transaction = ((callback: (tx: Transaction) => Promise<unknown>) =>
    transaction((tx) => {
      wrap(tx);
      return callback(tx);
    })) as PGlite["transaction"];
}
