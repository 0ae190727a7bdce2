import type { ReviewQueuePage, ReviewedChallenge } from "@levelup/shared/protocol/admin";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { Feedback } from "../../components/Feedback.tsx";
import { errorText } from "../../i18n/errors.ts";
import { useFormat } from "../../i18n/format.ts";
import { api } from "../../net/api.ts";
import { useApiData } from "../../net/useApiData.ts";

type Status = "pending" | "approved" | "all";

/** Player-made challenges to review (GET /api/admin/challenges); approve or hide each one. */
export function ChallengeReview() {
  const { t } = useTranslation();
  const f = useFormat();
  const [status, setStatus] = useState<Status>("pending");
  const { data, error, loading, reload } = useApiData<ReviewQueuePage>(
    `/api/admin/challenges?status=${status}&limit=50`,
  );
  const [note, setNote] = useState<{ ok?: string; error?: unknown }>({});

  async function decide(challenge: ReviewedChallenge, decision: "approve" | "hide") {
    try {
      await api("POST", `/api/admin/challenges/${challenge.id}/review`, { decision });
      setNote({ ok: t(decision === "approve" ? "admin.approvedDone" : "admin.hiddenDone") });
      reload();
    } catch (err) {
      setNote({ error: err });
    }
  }

  return (
    <div data-testid="challenge-review">
      <div className="tabs" role="tablist">
        {(["pending", "approved", "all"] as const).map((s) => (
          <button
            key={s}
            type="button"
            role="tab"
            aria-selected={status === s}
            className={`btn${status === s ? " btn-primary" : ""}`}
            onClick={() => setStatus(s)}
          >
            {t(`admin.${s}`)}
          </button>
        ))}
      </div>
      <Feedback loading={loading} error={error} />
      {note.ok && (
        <p className="success" role="status">
          {note.ok}
        </p>
      )}
      {note.error !== undefined && (
        <p className="error" role="alert">
          {errorText(t, note.error)}
        </p>
      )}
      {data && data.items.length === 0 && <p className="muted">{t("admin.noChallenges")}</p>}
      <ul className="cards">
        {data?.items.map((c) => (
          <li key={c.id} className="card" data-testid={`review-${c.id}`}>
            <h3>
              <Link to={`/challenges/${c.id}`}>{c.title}</Link> <span className="tag">{c.type}</span>
            </h3>
            <p className="muted">
              {t("admin.by", { name: c.creatorName ?? t("admin.deletedCreator") })} · {f.dateTime(c.createdAt)}
            </p>
            <p className="muted">
              {t("quests.rewards", { xp: f.num(c.xpReward), coins: f.num(c.coinReward), gems: f.num(0) })}
            </p>
            {c.reviewedAt && <span className="tag">{t("admin.approved")}</span>}
            <div className="action-row">
              {!c.reviewedAt && (
                <button type="button" className="btn btn-primary" onClick={() => void decide(c, "approve")}>
                  {t("admin.approve")}
                </button>
              )}
              <button type="button" className="btn" onClick={() => void decide(c, "hide")}>
                {t("admin.hide")}
              </button>
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}
