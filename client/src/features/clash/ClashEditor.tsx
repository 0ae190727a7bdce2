import { javascript } from "@codemirror/lang-javascript";
import type { Room } from "@colyseus/sdk";
import { CLASH_MAX_CODE_CHARS, type ClashGradedMessage } from "@levelup/shared/protocol/clash";
import { ClashMessage } from "@levelup/shared/protocol/rooms";
import { CLASH_RUNS_PER_MINUTE } from "@levelup/shared/rules/clash";
import CodeMirror from "@uiw/react-codemirror";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../i18n/format.ts";
import { ProgressReporter } from "./clashModel.ts";

const EXTENSIONS = [javascript()];
/** How often the code's length is looked at; the reporter sends at most one count a second. */
const PROGRESS_TICK_MS = 250;

/** This tab's draft of a clash, so a reload mid-clash keeps the code typed so far. */
const draftKey = (roomId: string) => `levelup.clash.draft.${roomId}`;

/**
 * The player's editor (the coding page's CodeMirror), prefilled with the starter code, with Test
 * (visible examples) and Submit (hidden validators). Only the length of the code leaves the page
 * while the player types; the code itself goes only with a test run or a submission.
 */
export function ClashEditor({
  room,
  starterCode,
  graded,
  solved,
  open,
}: {
  room: Room;
  starterCode: string;
  graded: ClashGradedMessage | undefined;
  solved: boolean;
  /** The clash is being played: the editor is live. */
  open: boolean;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const [code, setCode] = useState(() => sessionStorage.getItem(draftKey(room.roomId)) ?? starterCode);
  const [pending, setPending] = useState(false);
  const codeRef = useRef(code);
  codeRef.current = code;

  useEffect(() => {
    if (!open) return;
    const reporter = new ProgressReporter();
    const timer = setInterval(() => {
      const chars = reporter.next(codeRef.current.length, Date.now());
      if (chars !== null) room.send(ClashMessage.progress, { chars: Math.min(chars, CLASH_MAX_CODE_CHARS) });
    }, PROGRESS_TICK_MS);
    return () => clearInterval(timer);
  }, [room, open]);

  // A graded answer, or a refusal (the page shows it as a toast), frees the buttons again.
  useEffect(() => {
    const offs = [ClashMessage.graded, ClashMessage.error].map((type) => room.onMessage(type, () => setPending(false)));
    return () => {
      for (const off of offs) off();
    };
  }, [room]);

  function change(value: string) {
    setCode(value);
    sessionStorage.setItem(draftKey(room.roomId), value);
  }

  function send(kind: "test" | "submit") {
    if (code.trim() === "" || code.length > CLASH_MAX_CODE_CHARS) return;
    setPending(true);
    room.send(kind === "test" ? ClashMessage.test : ClashMessage.submit, { code });
  }

  const locked = !open || solved;
  return (
    <div className="panel clash-editor">
      <div className="editor" data-testid="clash-editor">
        <CodeMirror
          value={code}
          height="300px"
          theme="dark"
          extensions={EXTENSIONS}
          onChange={change}
          editable={!locked}
          aria-label={t("clash.editor")}
        />
      </div>
      <div className="action-row">
        <button
          type="button"
          className="btn"
          disabled={locked || pending}
          onClick={() => send("test")}
          data-testid="clash-test"
        >
          {t("clash.test")}
        </button>
        <button
          type="button"
          className="btn btn-primary"
          disabled={locked || pending}
          onClick={() => send("submit")}
          data-testid="clash-submit"
        >
          {t("clash.submit")}
        </button>
        <span className="muted">
          {t("clash.codeLength", { count: code.length, n: f.num(code.length) })} ·{" "}
          {t("clash.runsLimit", { count: CLASH_RUNS_PER_MINUTE })}
        </span>
      </div>
      {graded && <GradedPanel graded={graded} />}
    </div>
  );
}

/** One test run or submission, graded: each example's result, and the validators' count. */
function GradedPanel({ graded }: { graded: ClashGradedMessage }) {
  const { t } = useTranslation();
  return (
    <div className="clash-graded" role="status" data-testid="clash-graded" data-kind={graded.kind}>
      {graded.kind === "submit" && (
        <p className={graded.solved ? "success" : "error"} data-testid="clash-graded-summary">
          {graded.solved
            ? t("clash.solvedAll", { total: graded.total })
            : t("clash.validatorsPassed", { passed: graded.passed, total: graded.total })}
        </p>
      )}
      <ul className="plain">
        {graded.examples.map((e, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: examples are listed in the problem's fixed order
          <li key={i} className={e.passed ? "success" : "error"}>
            {t(e.passed ? "clash.examplePassed" : "clash.exampleFailed", { n: i + 1 })}
            {!e.passed && e.message ? ` — ${e.message}` : ""}
            {e.output && <pre className="clash-output">{e.output}</pre>}
          </li>
        ))}
      </ul>
    </div>
  );
}
