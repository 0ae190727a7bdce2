import type { TimeZoneResponse } from "@levelup/shared/protocol/progression";
import { type FormEvent, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Feedback } from "../../components/Feedback.tsx";
import { useFormat } from "../../i18n/format.ts";
import { api } from "../../net/api.ts";
import { useStore } from "../../store/index.ts";

/** Every zone this browser knows, UTC first (the server accepts these IANA names and no offsets). */
const ZONES = ["UTC", ...Intl.supportedValuesOf("timeZone").filter((z) => z !== "UTC")];

/**
 * The zone of the player's days (streak, daily and weekly quests): a searchable list, saved with
 * PUT /api/game/profile/time-zone. The server allows one change a week; until then the picker
 * says when.
 */
export function TimeZonePicker() {
  const { t } = useTranslation();
  const f = useFormat();
  const profile = useStore((s) => s.profile);
  const patchProfile = useStore((s) => s.patchProfile);
  const current = profile?.timeZone ?? "UTC";
  const [filter, setFilter] = useState("");
  const [chosen, setChosen] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState(false);
  const selected = chosen ?? current;
  const shown = useMemo(() => {
    const needle = filter.trim().toLowerCase().replaceAll(" ", "_");
    return ZONES.filter((z) => z === selected || z.toLowerCase().includes(needle));
  }, [filter, selected]);
  const lockedUntil = profile?.timeZoneChangeableAt ?? null;

  async function save(e: FormEvent) {
    e.preventDefault();
    setError(undefined);
    setSaved(false);
    try {
      const r = await api<TimeZoneResponse>("PUT", "/api/game/profile/time-zone", { timeZone: selected });
      patchProfile(r);
      setChosen(undefined);
      setSaved(true);
    } catch (err) {
      setError(err);
    }
  }

  return (
    <form className="form inline" onSubmit={(e) => void save(e)} data-testid="time-zone">
      <label>
        {t("profile.timeZoneSearch")}
        <input type="search" value={filter} onChange={(e) => setFilter(e.target.value)} />
      </label>
      <label>
        {t("profile.timeZone")}
        <select value={selected} onChange={(e) => setChosen(e.target.value)} size={1}>
          {shown.map((z) => (
            <option key={z} value={z}>
              {z.replaceAll("_", " ")}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="btn" disabled={selected === current || lockedUntil !== null}>
        {t("profile.timeZoneSave")}
      </button>
      <p className="muted">
        {lockedUntil ? t("profile.timeZoneLocked", { date: f.dateTime(lockedUntil) }) : t("profile.timeZoneHint")}
      </p>
      {saved && (
        <p className="success" role="status">
          {t("profile.timeZoneSaved", { zone: current.replaceAll("_", " ") })}
        </p>
      )}
      <Feedback error={error} />
    </form>
  );
}
