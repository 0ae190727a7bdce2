import type { ClashProblemMessage } from "@levelup/shared/protocol/clash";
import { useTranslation } from "react-i18next";
import { ChallengeText } from "../challenges/ChallengeText.tsx";
import { exampleCall, localized } from "./clashModel.ts";

/** The puzzle in the UI's language: its statement (none in Reverse), its examples. */
export function ClashProblem({ problem }: { problem: ClashProblemMessage }) {
  const { t, i18n } = useTranslation();
  return (
    <div className="panel clash-problem" data-testid="clash-problem" data-problem-id={problem.problemId}>
      <h2>{localized(problem.title, i18n.language)}</h2>
      <p className="clash-tags">
        <span className="tag" data-testid="clash-mode">
          {t(`clash.mode.${problem.mode}`)}
        </span>{" "}
        <span className="tag tag-spectator">{t(`clash.difficulty.${problem.difficulty}`, problem.difficulty)}</span>
      </p>
      {problem.statement ? (
        <>
          <p className="muted">{t(`clash.modeHelp.${problem.mode}`)}</p>
          <ChallengeText source={localized(problem.statement, i18n.language)} />
        </>
      ) : (
        <p className="clash-reverse" data-testid="clash-reverse">
          {t("clash.reverseHint")}
        </p>
      )}
      <h3>{t("clash.examples")}</h3>
      <ul className="plain code-examples">
        {problem.examples.map((e) => {
          const call = exampleCall(problem.fn, e.args, e.expected);
          return (
            <li key={call}>
              <code>{call}</code>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
