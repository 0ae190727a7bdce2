import type { CompleteQuestResponse, Quest } from "@levelup/shared/protocol/progression";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Feedback } from "../../components/Feedback.tsx";
import { errorText } from "../../i18n/errors.ts";
import { useFormat } from "../../i18n/format.ts";
import { api } from "../../net/api.ts";
import { useApiData } from "../../net/useApiData.ts";
import { useStore } from "../../store/index.ts";
import { amountList } from "../../i18n/amounts.ts";
import { questText } from "../../i18n/content.ts";

/** Daily and weekly quests with their progress; claiming pays the rewards. */
export default function QuestsPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const { data, error, loading, reload } = useApiData<{ items: Quest[] }>("/api/game/quests");
  const [claimError, setClaimError] = useState<unknown>();
  const applyTotalXp = useStore((s) => s.applyTotalXp);
  const patchProfile = useStore((s) => s.patchProfile);

  async function claim(quest: Quest) {
    try {
      const r = await api<CompleteQuestResponse>("POST", "/api/game/quests/complete", { questId: quest.id });
      applyTotalXp(r.experience);
      patchProfile({ coins: r.coins, gems: r.gems });
      setClaimError(undefined);
      reload();
    } catch (e) {
      setClaimError(e);
    }
  }

  return (
    <section className="panel">
      <h1>{t("quests.title")}</h1>
      <Feedback loading={loading} error={error} />
      {claimError !== undefined && (
        <p className="error" role="alert">
          {errorText(t, claimError)}
        </p>
      )}
      {(["DAILY", "WEEKLY"] as const).map((period) => (
        <div key={period}>
          <h2>{t(`quests.${period}`)}</h2>
          <ul className="cards">
            {data?.items
              .filter((q) => q.period === period)
              .map((q) => (
                <li key={q.id} className="card">
                  <h3>{questText(t, q).title}</h3>
                  <p>{questText(t, q).description}</p>
                  {q.requirements.map((r) => {
                    const target = r.target;
                    return (
                      <div key={r.kind + ("language" in r ? (r.language ?? "") : "")}>
                        <span className="muted">{t(`quests.kind.${r.kind}`)} </span>
                        <progress max={target} value={Math.min(target, r.progress)} />
                        <span>{t("quests.progress", { progress: f.num(r.progress), target: f.num(target) })}</span>
                      </div>
                    );
                  })}
                  <p className="muted">{t("quests.rewards", { rewards: amountList(t, q.rewards) })}</p>
                  <p className="muted">{t("quests.expires", { date: f.dateTime(q.expiresAt) })}</p>
                  {q.status === "claimed" ? (
                    <span className="tag">{t("quests.claimed")}</span>
                  ) : (
                    <button
                      type="button"
                      className="btn btn-primary"
                      disabled={q.status !== "completed"}
                      onClick={() => void claim(q)}
                    >
                      {t("quests.claim")}
                    </button>
                  )}
                </li>
              ))}
          </ul>
        </div>
      ))}
    </section>
  );
}
