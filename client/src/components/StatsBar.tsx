import { currencyIds } from "@levelup/shared/rules/currencies";
import { xpForLevel } from "@levelup/shared/rules/xp";
import { memo } from "react";
import { useTranslation } from "react-i18next";
import { useFormat } from "../i18n/format.ts";
import { useStore } from "../store/index.ts";

/** Header stats: level, XP bar toward the next level, coins, gems and coding streak. */
export const StatsBar = memo(function StatsBar() {
  const { t } = useTranslation();
  const f = useFormat();
  const profile = useStore((s) => s.profile);
  if (!profile) return null;
  const floor = xpForLevel(profile.level);
  const span = xpForLevel(profile.level + 1) - floor;
  const into = profile.experience - floor;
  const pct = span > 0 ? Math.max(0, Math.min(100, (into / span) * 100)) : 0;
  return (
    <dl className="stats-bar" aria-label={t("stats.label")}>
      <div className="stat stat-level" data-testid="stat-level">
        <dt>{t("stats.level")}</dt>
        <dd>{f.num(profile.level)}</dd>
      </div>
      <div className="stat stat-xp">
        <dt>{t("stats.xp")}</dt>
        <dd>
          <span
            className="xp-bar"
            role="progressbar"
            aria-valuemin={0}
            aria-valuemax={span}
            aria-valuenow={into}
            aria-label={t("stats.xpProgress", { into: f.num(into), span: f.num(span) })}
          >
            <span className="xp-fill" style={{ width: `${pct}%` }} />
          </span>
          <span className="xp-text" data-testid="stat-xp">
            {f.num(profile.experience)}
          </span>
        </dd>
      </div>
      {currencyIds.map((c) => (
        <div key={c} className={`stat stat-${c}`} data-testid={`stat-${c}`}>
          <dt>{t(`stats.${c}`)}</dt>
          <dd>{f.num(profile[c])}</dd>
        </div>
      ))}
      <div className="stat stat-streak">
        <dt>{t("stats.streak")}</dt>
        <dd>{t("stats.days", { count: profile.codingStreak })}</dd>
      </div>
    </dl>
  );
});
