export * from "./protocol/errors.ts";
export * from "./protocol/common.ts";
export * from "./protocol/auth.ts";
export * from "./rules/xp.ts";
export * from "./protocol/progress.ts";
