import type { EmoteShown } from "@levelup/shared/protocol/chat";
import { useCallback, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { EMOTE_MS } from "../../pixi/EmoteBubble.tsx";
import type { EmoteMark } from "../dungeons/BattleScene.tsx";

/** Emotes on screen at once (older ones make room). */
const MAX_SHOWN = 8;

/** The emotes the battle scene shows: a player's over their sprite (seat key), a spectator's in the crowd. */
export function useEmotes() {
  const { t } = useTranslation();
  const [emotes, setEmotes] = useState<EmoteMark[]>([]);
  const seq = useRef(0);
  const showEmote = useCallback(
    (shown: EmoteShown) => {
      const mark: EmoteMark = {
        seq: ++seq.current,
        fighterId: shown.from.role === "player" ? shown.from.sessionId : undefined,
        text: t(`chat.emotes.${shown.emote}`),
      };
      setEmotes((prev) => [...prev, mark].slice(-MAX_SHOWN));
    },
    [t],
  );
  useEffect(() => {
    if (emotes.length === 0) return;
    const timer = setTimeout(() => setEmotes((prev) => prev.slice(1)), EMOTE_MS);
    return () => clearTimeout(timer);
  }, [emotes]);
  return { emotes, showEmote };
}
