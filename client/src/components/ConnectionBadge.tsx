import { useTranslation } from "react-i18next";
import { useStore } from "../store/index.ts";

/** Says whether the live connection is up; a dropped socket shows "reconnecting" until it is back. */
export function ConnectionBadge() {
  const { t } = useTranslation();
  const status = useStore((s) => s.connection);
  return (
    <span className={`conn conn-${status}`} role="status" data-testid="connection">
      {t(`connection.${status}`)}
    </span>
  );
}
