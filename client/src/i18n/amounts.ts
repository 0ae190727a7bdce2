import type { Currency } from "@levelup/shared/rules/currencies";
import type { TFunction } from "i18next";

/** Amounts of a reward or a price. Zero coins or gems are left out; XP is shown when given. */
export interface Amounts {
  xp?: number;
  coins?: number;
  gems?: number;
}

/**
 * "40 XP, 15 coins, 1 gem" in the current language, with i18next plural rules per amount (English
 * has one and other; Korean, Japanese and Chinese one form) and the language's list separator (`common.listSeparator`).
 * `gain` writes each amount as a gain ("+40 XP").
 */
export function amountList(t: TFunction, amounts: Amounts, options: { gain?: boolean } = {}): string {
  const parts: string[] = [];
  const key = (unit: "Xp" | "Coins" | "Gems") =>
    options.gain ? `amount.gain${unit}` : `amount.${unit.charAt(0).toLowerCase()}${unit.slice(1)}`;
  if (amounts.xp !== undefined) parts.push(t(key("Xp"), { count: amounts.xp }));
  if (amounts.coins) parts.push(t(key("Coins"), { count: amounts.coins }));
  if (amounts.gems) parts.push(t(key("Gems"), { count: amounts.gems }));
  return parts.join(t("common.listSeparator"));
}

/** One currency amount: "1 gem", "120 coins". */
export function amount(t: TFunction, unit: Currency, count: number): string {
  return t(`amount.${unit}`, { count });
}
