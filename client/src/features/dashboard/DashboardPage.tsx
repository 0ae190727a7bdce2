import { xpForLevel } from "@levelup/shared/rules/xp";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useFormat } from "../../i18n/format.ts";
import { useStore } from "../../store/index.ts";
import { Avatar } from "../profile/Avatar.tsx";

const TILES = [
  ["/coding", "nav.coding", "dashboard.codingHint"],
  ["/dungeons", "nav.dungeons", "dashboard.dungeonsHint"],
  ["/challenges", "nav.challenges", "dashboard.challengesHint"],
  ["/quests", "nav.quests", "dashboard.questsHint"],
  ["/shop", "nav.shop", "dashboard.shopHint"],
  ["/leaderboard", "nav.leaderboard", "dashboard.leaderboardHint"],
] as const;

export default function DashboardPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const profile = useStore((s) => s.profile);
  const me = useStore((s) => s.me);
  const level = profile?.level ?? 1;
  return (
    <section className="dashboard">
      <div className="panel hero">
        <Avatar avatar={profile?.avatar} equipped={profile?.equipped} size={6} />
        <div>
          <h1>{t("dashboard.welcome", { name: me?.username ?? "" })}</h1>
          <p className="big" data-testid="dashboard-level">
            {t("dashboard.level", { level: f.num(level) })}
          </p>
          <p>
            {t("dashboard.nextLevel", {
              xp: f.num(profile?.xpToNextLevel ?? xpForLevel(level + 1)),
              level: f.num(level + 1),
            })}
          </p>
        </div>
      </div>
      <ul className="tiles">
        {TILES.map(([to, title, hint]) => (
          <li key={to}>
            <Link to={to} className="tile">
              <strong>{t(title)}</strong>
              <span>{t(hint)}</span>
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
