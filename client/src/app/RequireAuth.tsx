import { useTranslation } from "react-i18next";
import { Navigate, Outlet, useLocation } from "react-router";
import { useStore } from "../store/index.ts";

/** Protected routes: wait for the start-up token check, then send strangers to the login page. */
export function RequireAuth() {
  const { t } = useTranslation();
  const status = useStore((s) => s.authStatus);
  const location = useLocation();
  if (status === "unknown") return <p className="loading">{t("common.loading")}</p>;
  if (status === "anonymous") return <Navigate to="/login" replace state={{ from: location.pathname }} />;
  return <Outlet />;
}
