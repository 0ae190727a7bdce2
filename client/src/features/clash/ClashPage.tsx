import {
  type ClashLocaleName,
  type ClashMode,
  type ClashPhase,
  clashLocaleSchema,
} from "@levelup/shared/protocol/clash";
import { CLASH_MAX_PLAYERS, CLASH_MIN_PLAYERS } from "@levelup/shared/rules/clash";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { Feedback } from "../../components/Feedback.tsx";
import { errorText } from "../../i18n/errors.ts";
import { usePolledApiData } from "../../net/useApiData.ts";
import { clashPath, takeSeat, watchPath } from "./clashRoom.ts";
import "./clash.css";

/** GET /api/game/clashes/live (shared/src/protocol/clash.ts, liveClashesResponse). */
interface LiveClashes {
  items: {
    roomId: string;
    phase: ClashPhase;
    mode: ClashMode | "";
    difficulty: string;
    players: number;
    spectators: number;
  }[];
}

const REFRESH_MS = 5000;

/** Code clashes: find a match, invite friends to a private lobby, or watch a live clash. */
export default function ClashPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<unknown>();

  async function seat(path: "/api/game/clashes/queue" | "/api/game/clashes/invite", language?: ClashLocaleName) {
    setBusy(true);
    try {
      const roomId = await takeSeat(path, language ? { language } : {});
      navigate(clashPath(roomId));
    } catch (e) {
      setActionError(e);
      setBusy(false);
    }
  }

  function queue(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const language = clashLocaleSchema.safeParse(new FormData(e.currentTarget).get("language"));
    void seat("/api/game/clashes/queue", language.success ? language.data : undefined);
  }

  return (
    <>
      <section className="panel clash-home">
        <h1>{t("clash.title")}</h1>
        <p>{t("clash.intro", { min: CLASH_MIN_PLAYERS, max: CLASH_MAX_PLAYERS })}</p>
        <ul className="plain clash-modes">
          {(["fastest", "shortest", "reverse"] as const).map((mode) => (
            <li key={mode}>
              <span className="tag">{t(`clash.mode.${mode}`)}</span> {t(`clash.modeHelp.${mode}`)}
            </li>
          ))}
        </ul>
        {actionError !== undefined && (
          <p className="error" role="alert">
            {errorText(t, actionError)}
          </p>
        )}
        <div className="clash-actions">
          <form className="card" onSubmit={queue}>
            <h2>{t("clash.queueTitle")}</h2>
            <p>{t("clash.queueHelp")}</p>
            <label className="clash-field">
              {t("clash.languageLabel")}
              <select name="language" defaultValue="" data-testid="clash-language">
                <option value="">{t("clash.languageAny")}</option>
                {clashLocaleSchema.options.map((l) => (
                  <option key={l} value={l}>
                    {t(`language.${l}`)}
                  </option>
                ))}
              </select>
            </label>
            <button type="submit" className="btn btn-primary" disabled={busy} data-testid="clash-queue">
              {t("clash.findMatch")}
            </button>
          </form>
          <div className="card">
            <h2>{t("clash.inviteTitle")}</h2>
            <p>{t("clash.inviteHelp")}</p>
            <button
              type="button"
              className="btn"
              disabled={busy}
              onClick={() => void seat("/api/game/clashes/invite")}
              data-testid="clash-invite"
            >
              {t("clash.inviteFriends")}
            </button>
          </div>
        </div>
      </section>
      <LiveClashes />
    </>
  );
}

/** Clashes open to spectators, most watched first (the server's order), refreshed every few seconds. */
function LiveClashes() {
  const { t } = useTranslation();
  const { data, error, loading } = usePolledApiData<LiveClashes>("/api/game/clashes/live?limit=20", REFRESH_MS);
  const items = data?.items ?? [];
  return (
    <section className="panel">
      <h2>{t("clash.liveTitle")}</h2>
      <Feedback loading={loading && !data} error={error} />
      {data && items.length === 0 && <p>{t("clash.liveNone")}</p>}
      <ul className="cards">
        {items.map((c) => (
          <li key={c.roomId} className="card" data-testid="live-clash">
            <h3>
              {c.mode ? t(`clash.mode.${c.mode}`) : t("clash.modeHidden")} · {t(`clash.phase.${c.phase}`)}
            </h3>
            <p>
              {t(`clash.difficulty.${c.difficulty}`, { defaultValue: c.difficulty })} ·{" "}
              {t("clash.players", { count: c.players })} · {t("clash.spectators", { count: c.spectators })}
            </p>
            <Link className="btn btn-primary" to={watchPath(c.roomId)}>
              {t("clash.watch")}
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
