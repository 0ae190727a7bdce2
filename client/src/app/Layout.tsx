import { Suspense } from "react";
import { useTranslation } from "react-i18next";
import { ErrorBoundary } from "react-error-boundary";
import { Link, Outlet, useLocation } from "react-router";
import { ConnectionBadge } from "../components/ConnectionBadge.tsx";
import { LanguageSwitcher } from "../components/LanguageSwitcher.tsx";
import { NavBar, PublicNav } from "../components/NavBar.tsx";
import { PageCrashed } from "../components/PageCrashed.tsx";
import { StatsBar } from "../components/StatsBar.tsx";
import { Toasts } from "../components/Toasts.tsx";
import { useStore } from "../store/index.ts";

/** The page frame: title, header stats bar, navigation, toasts, and the current screen. */
export function Layout() {
  const { t } = useTranslation();
  const status = useStore((s) => s.authStatus);
  const signedIn = status === "authenticated";
  const { pathname } = useLocation();
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        {t("nav.skip")}
      </a>
      <header className="app-header">
        <Link to="/" className="brand">
          {t("app.title")}
        </Link>
        {signedIn && <StatsBar />}
        <div className="header-tools">
          {signedIn && <ConnectionBadge />}
          <LanguageSwitcher />
        </div>
      </header>
      {signedIn && <NavBar />}
      {status === "anonymous" && <PublicNav />}
      <main id="main" className="app-main">
        {/* A screen that throws is replaced by a notice until the player goes elsewhere or retries. */}
        <ErrorBoundary FallbackComponent={PageCrashed} resetKeys={[pathname]}>
          <Suspense fallback={<p className="loading">{t("common.loading")}</p>}>
            <Outlet />
          </Suspense>
        </ErrorBoundary>
      </main>
      <Toasts />
    </div>
  );
}
