import type { TFunction } from "i18next";
import { ApiError } from "../net/ApiError.ts";
import i18n from "./index.ts";

/** The i18n key for an error code: its own message when we have one, else the generic one. */
export function errorKey(code: string | undefined): string {
  return code && i18n.exists(`errors.${code}`) ? `errors.${code}` : "errors.UNKNOWN";
}

/** A translated message for any failure: the contract's error code when there is one. */
export function errorText(t: TFunction, err: unknown): string {
  return t(errorKey(err instanceof ApiError ? err.code : undefined));
}
