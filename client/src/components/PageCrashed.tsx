import type { FallbackProps } from "react-error-boundary";
import { useTranslation } from "react-i18next";

/**
 * What a screen that threw while rendering shows instead (the layout's error boundary): the
 * header and navigation stay, so one broken screen does not blank the whole game.
 */
export function PageCrashed({ resetErrorBoundary }: FallbackProps) {
  const { t } = useTranslation();
  return (
    <section className="panel" role="alert" data-testid="page-crashed">
      <p className="error">{t("common.pageCrashed")}</p>
      <button type="button" className="btn" onClick={resetErrorBoundary}>
        {t("common.retry")}
      </button>
    </section>
  );
}
