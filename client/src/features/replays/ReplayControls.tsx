import { useTranslation } from "react-i18next";
import { REPLAY_SPEEDS } from "./replayModel.ts";

interface Props {
  frame: number;
  /** Index of the last frame (the end of the battle). */
  last: number;
  playing: boolean;
  speed: number;
  onPlay: () => void;
  onSpeed: (speed: number) => void;
  onStep: (delta: 1 | -1) => void;
  onSeek: (frame: number) => void;
}

/** Play/pause, step back and forward, speed, and a scrubber over every action of the battle. */
export function ReplayControls({ frame, last, playing, speed, onPlay, onSpeed, onStep, onSeek }: Props) {
  const { t } = useTranslation();
  return (
    <div className="panel replay-controls" data-testid="replay-controls">
      <button type="button" className="btn" onClick={() => onStep(-1)} disabled={frame === 0} data-testid="replay-back">
        {t("replays.stepBack")}
      </button>
      <button type="button" className="btn btn-primary" onClick={onPlay} data-testid="replay-play">
        {playing ? t("replays.pause") : t("replays.play")}
      </button>
      <button
        type="button"
        className="btn"
        onClick={() => onStep(1)}
        disabled={frame === last}
        data-testid="replay-step"
      >
        {t("replays.step")}
      </button>
      <label>
        {t("replays.speed")}{" "}
        <select value={speed} onChange={(e) => onSpeed(Number(e.target.value))} data-testid="replay-speed">
          {REPLAY_SPEEDS.map((s) => (
            <option key={s} value={s}>
              {s}×
            </option>
          ))}
        </select>
      </label>
      <input
        type="range"
        min={0}
        max={last}
        value={frame}
        onChange={(e) => onSeek(Number(e.target.value))}
        aria-label={t("replays.scrubber")}
        data-testid="replay-scrubber"
      />
      <span data-testid="replay-position">{t("replays.position", { frame, last })}</span>
    </div>
  );
}
