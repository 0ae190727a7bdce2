import { badRequest } from "../../errors.ts";
import { isUuid } from "./ids.ts";

/** Position after the last row of a page ordered by (time desc, id desc): opaque to clients. */
export interface PageCursor {
  at: Date;
  id: string;
}

export function encodeCursor(at: Date, id: string): string {
  return Buffer.from(`${at.toISOString()}|${id}`).toString("base64url");
}

/** Decodes a cursor from a query string; a malformed one is the client's 400. */
export function decodeCursor(cursor: string): PageCursor {
  const [iso, id] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  const at = new Date(iso ?? "");
  if (!id || Number.isNaN(at.getTime()) || !isUuid(id)) throw badRequest("Invalid cursor");
  return { at, id };
}
