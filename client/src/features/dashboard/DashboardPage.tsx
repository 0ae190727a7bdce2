import type { Dashboard } from "@levelup/shared/protocol/dashboard";
import type { Quest } from "@levelup/shared/protocol/progression";
import { xpForLevel } from "@levelup/shared/rules/xp";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { Feedback } from "../../components/Feedback.tsx";
import { badgeText, dungeonName, questText } from "../../i18n/content.ts";
import { useFormat } from "../../i18n/format.ts";
import { useApiData } from "../../net/useApiData.ts";
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

/** One quest with a bar per requirement (the quests page claims it). */
function QuestProgress({ quest }: { quest: Quest }) {
  const { t } = useTranslation();
  const f = useFormat();
  const text = questText(t, quest);
  return (
    <li className="card" data-testid={`dashboard-quest-${quest.templateId}`}>
      <h3>
        {text.title} <span className="tag">{t(`quests.${quest.period}`)}</span>
      </h3>
      {quest.requirements.map((r) => (
        <div key={r.kind + ("language" in r ? (r.language ?? "") : "")} className="quest-bar">
          <progress max={r.target} value={Math.min(r.target, r.progress)} aria-label={t(`quests.kind.${r.kind}`)} />
          <span data-testid="quest-progress">
            {t("quests.progress", { progress: f.num(Math.min(r.target, r.progress)), target: f.num(r.target) })}
          </span>
        </div>
      ))}
      {quest.status !== "active" && (
        <span className="tag">{t(quest.status === "claimed" ? "quests.claimed" : "dashboard.readyToClaim")}</span>
      )}
    </li>
  );
}

/**
 * The player's day at a glance, from one read (GET /api/game/dashboard): level, streak, today's
 * XP, quests with progress bars, recent coding sessions and battles, and the badges closest to
 * being earned. It reads again when XP arrives (a hub push moves the header's total).
 */
export default function DashboardPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const profile = useStore((s) => s.profile);
  const me = useStore((s) => s.me);
  const totalXp = profile?.experience;
  const patchProfile = useStore((s) => s.patchProfile);
  const { data, error, loading, reload } = useApiData<Dashboard>("/api/game/dashboard");
  // The header's streak comes from the profile read at sign-in; this read is newer.
  useEffect(() => {
    if (data) patchProfile({ codingStreak: data.codingStreak });
  }, [data, patchProfile]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a change of the total XP is the reason to read again
  useEffect(() => {
    if (data && totalXp !== undefined && totalXp !== data.experience) reload();
  }, [totalXp]);
  const level = data?.level ?? profile?.level ?? 1;
  const quests = (data?.quests ?? []).filter((q) => q.status !== "claimed");
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
              xp: f.num(data?.xpToNextLevel ?? profile?.xpToNextLevel ?? xpForLevel(level + 1)),
              level: f.num(level + 1),
            })}
          </p>
        </div>
        <dl className="stat-grid dashboard-figures">
          <div>
            <dt>{t("dashboard.streak")}</dt>
            <dd data-testid="dashboard-streak">{t("stats.days", { count: data?.codingStreak ?? 0 })}</dd>
          </div>
          <div>
            <dt>{t("dashboard.todayXp")}</dt>
            <dd data-testid="dashboard-today-xp">{f.num(data?.todayXp ?? 0)}</dd>
          </div>
        </dl>
      </div>
      <Feedback loading={loading && !data} error={error} />
      <div className="dashboard-grid">
        <div className="panel">
          <h2>{t("dashboard.quests")}</h2>
          {data && quests.length === 0 && <p className="muted">{t("dashboard.noQuests")}</p>}
          <ul className="cards" data-testid="dashboard-quests">
            {quests.map((q) => (
              <QuestProgress key={q.id} quest={q} />
            ))}
          </ul>
          <Link to="/quests">{t("dashboard.allQuests")}</Link>
        </div>
        <div className="panel">
          <h2>{t("dashboard.nearBadges")}</h2>
          {data && data.badgesNearCompletion.length === 0 && <p className="muted">{t("dashboard.noBadges")}</p>}
          <ul className="badges">
            {data?.badgesNearCompletion.map((b) => (
              <li key={b.id} className="badge" data-testid={`dashboard-badge-${b.id}`}>
                <strong>{badgeText(t, b).name}</strong>
                <span className="muted">{badgeText(t, b).description}</span>
                <progress max={b.target} value={b.current} aria-label={badgeText(t, b).name} />
                <span>{t("quests.progress", { progress: f.num(b.current), target: f.num(b.target) })}</span>
              </li>
            ))}
          </ul>
        </div>
        <div className="panel">
          <h2>{t("dashboard.recentSessions")}</h2>
          {data && data.recentSessions.length === 0 && <p className="muted">{t("dashboard.noSessions")}</p>}
          <ul className="plain recent" data-testid="dashboard-sessions">
            {data?.recentSessions.map((s) => (
              <li key={s.id}>
                <span>{s.projectName ?? t("dashboard.untitled")}</span>
                <span className="muted">{f.dateTime(s.startedAt)}</span>
                <span>{t("dashboard.sessionLine", { count: s.linesWritten, xp: f.num(s.xpEarned) })}</span>
                {s.status === "active" && <span className="tag">{t("dashboard.active")}</span>}
              </li>
            ))}
          </ul>
        </div>
        <div className="panel">
          <h2>{t("dashboard.recentBattles")}</h2>
          {data && data.recentBattles.length === 0 && <p className="muted">{t("dashboard.noBattles")}</p>}
          <ul className="plain recent" data-testid="dashboard-battles">
            {data?.recentBattles.map((b) => (
              <li key={b.id}>
                <Link to={`/replays/${b.id}`}>{dungeonName(t, b.dungeonId, b.dungeonId)}</Link>
                <span className={b.phase === "victory" ? "success" : "error"}>{t(`dashboard.${b.phase}`)}</span>
                <span className="muted">{f.dateTime(b.endedAt)}</span>
              </li>
            ))}
          </ul>
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
