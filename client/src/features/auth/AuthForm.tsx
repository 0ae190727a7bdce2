import type { TokenResponse } from "@levelup/shared";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation, useNavigate } from "react-router";
import { startSession } from "../../app/session.ts";
import { errorText } from "../../i18n/errors.ts";
import { api } from "../../net/api.ts";

type Mode = "login" | "register";

/** The login and register forms: the same fields, with email only when registering. */
export function AuthForm({ mode }: { mode: Mode }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const body = Object.fromEntries(form.entries());
    setBusy(true);
    setError(undefined);
    try {
      const tokens = await api<TokenResponse>("POST", `/api/auth/${mode}`, body);
      await startSession(tokens);
      const from = (location.state as { from?: string } | null)?.from;
      navigate(from && from !== "/login" ? from : "/", { replace: true });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="panel auth-panel">
      <h1>{t(`auth.${mode}Title`)}</h1>
      <form onSubmit={(e) => void submit(e)} className="form">
        <label>
          {t(mode === "login" ? "auth.usernameOrEmail" : "auth.username")}
          <input name="username" autoComplete="username" required minLength={mode === "register" ? 3 : 1} />
        </label>
        {mode === "register" && (
          <label>
            {t("auth.email")}
            <input name="email" type="email" autoComplete="email" required />
          </label>
        )}
        <label>
          {t("auth.password")}
          <input
            name="password"
            type="password"
            autoComplete={mode === "login" ? "current-password" : "new-password"}
            required
            minLength={mode === "register" ? 8 : 1}
          />
        </label>
        {error !== undefined && (
          <p className="error" role="alert">
            {errorText(t, error)}
          </p>
        )}
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {t(`auth.${mode}Submit`)}
        </button>
      </form>
      <p>
        {mode === "login" ? (
          <Link to="/register">{t("auth.toRegister")}</Link>
        ) : (
          <Link to="/login">{t("auth.toLogin")}</Link>
        )}
      </p>
    </section>
  );
}
