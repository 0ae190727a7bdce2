import { useTranslation } from "react-i18next";
import { errorText } from "../i18n/errors.ts";

/** Loading and error states every data screen shares. */
export function Feedback({ loading, error }: { loading?: boolean; error?: unknown }) {
  const { t } = useTranslation();
  if (error)
    return (
      <p className="error" role="alert">
        {errorText(t, error)}
      </p>
    );
  if (loading)
    return (
      <p className="loading" role="status">
        {t("common.loading")}
      </p>
    );
  return null;
}
