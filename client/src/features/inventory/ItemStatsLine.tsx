import type { ItemStats } from "@levelup/shared/rules/stats";
import { useTranslation } from "react-i18next";

const KEYS = ["attack", "defense", "hp", "speed", "critChance"] as const;

/** "+3 attack · +10% crit · fire" for an item's bonuses. */
export function ItemStatsLine({ stats }: { stats: ItemStats }) {
  const { t } = useTranslation();
  const signed = (n: number) => (n > 0 ? `+${n}` : String(n));
  const parts = KEYS.filter((k) => stats[k]).map((k) =>
    t(`stat.${k}Bonus`, { n: signed(k === "critChance" ? Math.round((stats[k] ?? 0) * 100) : (stats[k] ?? 0)) }),
  );
  if (stats.element) parts.push(t(`element.${stats.element}`));
  if (stats.avatar) for (const part of Object.keys(stats.avatar)) parts.push(t(`avatarPart.${part}`));
  if (parts.length === 0) return null;
  return <p className="stats-line">{parts.join(" · ")}</p>;
}
