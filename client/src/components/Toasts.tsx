import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { type Toast, useStore } from "../store/index.ts";

const TOAST_MS = 5000;

function ToastItem({ toast }: { toast: Toast }) {
  const { t } = useTranslation();
  const dismiss = useStore((s) => s.dismissToast);
  useEffect(() => {
    const timer = setTimeout(() => dismiss(toast.id), TOAST_MS);
    return () => clearTimeout(timer);
  }, [toast.id, dismiss]);
  return (
    <li className={`toast toast-${toast.kind}`}>
      <span>
        {t(
          toast.key,
          toast.nameKey
            ? { ...toast.values, name: t(toast.nameKey, { defaultValue: String(toast.values?.name ?? "") }) }
            : toast.values,
        )}
      </span>
      <button type="button" aria-label={t("common.dismiss")} onClick={() => dismiss(toast.id)}>
        ×
      </button>
    </li>
  );
}

/** Live notifications from the hub (XP, level-ups, badges, quests) and errors. */
export function Toasts() {
  const toasts = useStore((s) => s.toasts);
  return (
    <ul className="toasts" aria-live="polite">
      {toasts.map((toast) => (
        <ToastItem key={toast.id} toast={toast} />
      ))}
    </ul>
  );
}
