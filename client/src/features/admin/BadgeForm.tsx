import type { Badge } from "@levelup/shared/protocol/progression";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { errorText } from "../../i18n/errors.ts";
import { api } from "../../net/api.ts";
import { CONDITIONS, type ConditionType, conditionOf } from "./badgeCondition.ts";

/** POST /api/game/badges: the server checks the role and the condition (a 400 names the field). */
export function BadgeForm() {
  const { t } = useTranslation();
  const [id, setId] = useState("");
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [icon, setIcon] = useState("star");
  const [type, setType] = useState<ConditionType>("xp");
  const [value, setValue] = useState(100);
  const [language, setLanguage] = useState("");
  const [result, setResult] = useState<{ ok?: string; error?: unknown }>({});

  async function submit(e: FormEvent) {
    e.preventDefault();
    try {
      const badge = await api<Badge>("POST", "/api/game/badges", {
        id,
        name,
        description,
        icon,
        condition: conditionOf(type, value, language.trim()),
      });
      setResult({ ok: t("admin.created", { name: badge.name }) });
    } catch (err) {
      setResult({ error: err });
    }
  }

  return (
    <form className="form" onSubmit={(e) => void submit(e)} data-testid="badge-form">
      <label>
        {t("admin.badgeId")}
        <input value={id} onChange={(e) => setId(e.target.value)} required pattern="[a-z0-9_\-]{2,64}" name="id" />
      </label>
      <label>
        {t("admin.badgeName")}
        <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={80} name="name" />
      </label>
      <label>
        {t("admin.badgeDescription")}
        <input
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          maxLength={500}
          name="description"
        />
      </label>
      <label>
        {t("admin.badgeIcon")}
        <input value={icon} onChange={(e) => setIcon(e.target.value)} required maxLength={64} name="icon" />
      </label>
      <label>
        {t("admin.conditionType")}
        <select value={type} onChange={(e) => setType(e.target.value as ConditionType)} name="conditionType">
          {CONDITIONS.map((c) => (
            <option key={c} value={c}>
              {t(`admin.condition.${c}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t("admin.conditionValue")}
        <input
          type="number"
          min={1}
          value={value}
          onChange={(e) => setValue(Math.trunc(Number(e.target.value)))}
          required
          name="conditionValue"
        />
      </label>
      {type === "lines_written" && (
        <label>
          {t("admin.conditionLanguage")}
          <input value={language} onChange={(e) => setLanguage(e.target.value)} maxLength={32} name="language" />
        </label>
      )}
      <button type="submit" className="btn btn-primary">
        {t("admin.create")}
      </button>
      {result.ok && (
        <p className="success" role="status">
          {result.ok}
        </p>
      )}
      {result.error !== undefined && (
        <p className="error" role="alert">
          {errorText(t, result.error)}
        </p>
      )}
    </form>
  );
}
