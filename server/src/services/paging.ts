import { and, eq, lt, or, type SQL } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import { badRequest } from "../errors.ts";
import { isUuid } from "./ids.ts";

/**
 * Paging of the lists ordered newest first, by (time desc, id desc): the cursor is the position
 * after the last row of a page, opaque to clients, so a row inserted meanwhile never shifts a page.
 */
interface PageCursor {
  at: Date;
  id: string;
}

function encodeCursor(at: Date, id: string): string {
  return Buffer.from(`${at.toISOString()}|${id}`).toString("base64url");
}

/** Decodes a cursor from a query string; a malformed one is the client's 400. */
function decodeCursor(cursor: string): PageCursor {
  const [iso, id] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  const at = new Date(iso ?? "");
  if (!id || Number.isNaN(at.getTime()) || !isUuid(id)) {
    throw badRequest("Invalid cursor", { fields: [{ path: "cursor", message: "not a cursor from this list" }] });
  }
  return { at, id };
}

/** The condition "after the cursor" on the list's (time, id) columns; none without a cursor. */
export function afterCursor(at: PgColumn, id: PgColumn, cursor: string | undefined): SQL | undefined {
  if (!cursor) return undefined;
  const after = decodeCursor(cursor);
  return or(lt(at, after.at), and(eq(at, after.at), lt(id, after.id)));
}

/**
 * A page from the `limit + 1` rows a list fetched: the first `limit`, and the cursor after the
 * last of them when there were more.
 */
export function pageOf<R>(
  rows: R[],
  limit: number,
  positionOf: (row: R) => { at: Date | null; id: string },
): { page: R[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const position = last && rows.length > limit ? positionOf(last) : undefined;
  return { page, nextCursor: position?.at ? encodeCursor(position.at, position.id) : null };
}
