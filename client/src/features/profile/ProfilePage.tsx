import type { Badge, EarnedBadge } from "@levelup/shared/protocol/progression";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { loadProfile } from "../../app/session.ts";
import { Feedback } from "../../components/Feedback.tsx";
import { useFormat } from "../../i18n/format.ts";
import { useApiData } from "../../net/useApiData.ts";
import { useStore } from "../../store/index.ts";
import { Avatar, RARITY_COLORS } from "./Avatar.tsx";
import { TimeZonePicker } from "./TimeZonePicker.tsx";
import { badgeText, itemName } from "../../i18n/content.ts";

const STATISTICS = [
  "linesWritten",
  "codingMinutes",
  "challengesPassed",
  "challengesFailed",
  "dungeonClears",
  "clashWins",
  "itemsBought",
  "codingDays",
  "longestStreak",
] as const;

/** Avatar with equipped gear, lifetime statistics, and earned and still-locked badges. */
export default function ProfilePage() {
  const { t } = useTranslation();
  const f = useFormat();
  const profile = useStore((s) => s.profile);
  const me = useStore((s) => s.me);
  const all = useApiData<{ items: Badge[] }>("/api/game/badges");
  const mine = useApiData<{ items: EarnedBadge[] }>("/api/game/badges/me");
  const earned = new Map((mine.data?.items ?? []).map((b) => [b.id, b]));
  const stats = profile?.statistics;
  // Statistics move with every purchase, battle and attempt: show them fresh.
  useEffect(() => {
    void loadProfile().catch(() => {});
  }, []);
  return (
    <section className="panel profile">
      <h1>{t("profile.title")}</h1>
      <div className="profile-head">
        <Avatar avatar={profile?.avatar} equipped={profile?.equipped} size={8} />
        <div>
          <h2>{profile?.username}</h2>
          <p>{t("dashboard.level", { level: f.num(profile?.level ?? 1) })}</p>
          <p className="muted">{t("profile.joined", { date: f.date(me?.createdAt) })}</p>
          <ul className="plain">
            {profile?.equipped.map((e) => (
              <li key={e.inventoryItemId}>
                <span className="muted">{t(`slot.${e.slot}`)}</span>{" "}
                <span style={{ color: RARITY_COLORS[e.rarity] }}>{itemName(t, e.itemId, e.name)}</span>
              </li>
            ))}
          </ul>
        </div>
      </div>
      <h2>{t("profile.timeZone")}</h2>
      <TimeZonePicker />
      <h2>{t("profile.statistics")}</h2>
      <dl className="stat-grid">
        {STATISTICS.map((k) => (
          <div key={k}>
            <dt>{t(`statistics.${k}`)}</dt>
            <dd>{f.num(stats?.[k] ?? 0)}</dd>
          </div>
        ))}
      </dl>
      <h2>{t("profile.badges")}</h2>
      <Feedback loading={all.loading || mine.loading} error={all.error ?? mine.error} />
      <ul className="badges">
        {(all.data?.items ?? []).map((b) => {
          const got = earned.get(b.id);
          const text = badgeText(t, b);
          return (
            <li key={b.id} className={got ? "badge earned" : "badge locked"}>
              <strong>{text.name}</strong>
              <span>{text.description}</span>
              <span className="muted">
                {got ? t("profile.earnedOn", { date: f.date(got.earnedAt) }) : t("profile.locked")}
              </span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
