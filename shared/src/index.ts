export * from "./protocol/errors.ts";
export * from "./protocol/common.ts";
export * from "./protocol/auth.ts";
export * from "./rules/xp.ts";
export * from "./protocol/progress.ts";
export * from "./rules/stats.ts";
export * from "./protocol/economy.ts";
export * from "./content/items.ts";
