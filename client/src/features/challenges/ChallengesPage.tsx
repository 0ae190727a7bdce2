import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { Feedback } from "../../components/Feedback.tsx";
import { amountList } from "../../i18n/amounts.ts";
import { challengeText } from "../../i18n/content.ts";
import { allPages, useApiData } from "../../net/useApiData.ts";
import { matchesSearch } from "./search.ts";
import { CHALLENGE_TYPES, type Challenge } from "./types.ts";

/** Challenges, filtered by type and a search text. */
export default function ChallengesPage() {
  const { t, i18n } = useTranslation();
  const [type, setType] = useState("");
  const [q, setQ] = useState("");
  // The server searches the texts as written (English for the seeded challenges). In another
  // language the player searches what the screen shows: every page is loaded and filtered here.
  const searchHere = i18n.resolvedLanguage !== "en";
  const query = new URLSearchParams({ limit: "100", ...(type && { type }), ...(q && !searchHere && { q }) });
  const { data, error, loading } = useApiData<{ items: Challenge[] }>(
    `/api/game/challenges?${query}`,
    searchHere ? allPages<Challenge> : undefined,
  );
  const shown = searchHere
    ? data?.items.filter((c) => {
        const text = challengeText(t, c);
        return matchesSearch([text.title, text.description, c.title, c.description], q);
      })
    : data?.items;
  return (
    <section className="panel">
      <h1>{t("challenges.title")}</h1>
      <div className="filters">
        <label>
          {t("challenges.type")}
          <select value={type} onChange={(e) => setType(e.target.value)}>
            <option value="">{t("challenges.allTypes")}</option>
            {CHALLENGE_TYPES.map((c) => (
              <option key={c} value={c}>
                {t(`challengeType.${c}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("challenges.search")}
          <input type="search" value={q} onChange={(e) => setQ(e.target.value)} />
        </label>
      </div>
      <Feedback loading={loading} error={error} />
      <ul className="cards">
        {shown?.map((c) => (
          <li key={c.id} className="card">
            <h3>
              <Link to={`/challenges/${c.id}`}>{challengeText(t, c).title}</Link>
            </h3>
            <p className="muted">
              {t(`challengeType.${c.type}`)} · {t("challenges.difficulty", { d: c.difficulty })}
            </p>
            <p>{amountList(t, { xp: c.xpReward, coins: c.coinReward })}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}
