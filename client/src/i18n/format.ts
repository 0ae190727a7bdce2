import { useMemo } from "react";
import { useTranslation } from "react-i18next";

/** Number and date formatting for the current UI language (Intl, per locale). */
export function useFormat() {
  const { i18n } = useTranslation();
  const lang = i18n.language;
  return useMemo(() => {
    const number = new Intl.NumberFormat(lang);
    const dateTime = new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "short" });
    const date = new Intl.DateTimeFormat(lang, { dateStyle: "medium" });
    return {
      num: (n: number | undefined | null) => number.format(n ?? 0),
      dateTime: (iso: string | undefined | null) => (iso ? dateTime.format(new Date(iso)) : ""),
      date: (iso: string | undefined | null) => (iso ? date.format(new Date(iso)) : ""),
    };
  }, [lang]);
}
