import { useTranslation } from "react-i18next";
import { Navigate } from "react-router";
import { useStore } from "../../store/index.ts";
import { BadgeForm } from "./BadgeForm.tsx";
import { ChallengeReview } from "./ChallengeReview.tsx";

/**
 * Tools for admins: create badges, review player-made challenges. Players are sent home; the page
 * is only a convenience, every route it calls checks the role on the server (403 otherwise).
 */
export default function AdminPage() {
  const { t } = useTranslation();
  const me = useStore((s) => s.me);
  if (me && me.role !== "admin") return <Navigate to="/" replace />;
  if (!me) return null;
  return (
    <section className="admin">
      <h1>{t("admin.title")}</h1>
      <div className="dashboard-grid">
        <div className="panel">
          <h2>{t("admin.badges")}</h2>
          <BadgeForm />
        </div>
        <div className="panel">
          <h2>{t("admin.review")}</h2>
          <ChallengeReview />
        </div>
      </div>
    </section>
  );
}
