import type { Room } from "@colyseus/sdk";
import { type ChatLine, ChatMessageType, type EmoteShown } from "@levelup/shared/protocol/chat";
import { CHAT_MAX_LENGTH, EMOTES, type Emote } from "@levelup/shared/rules/chat";
import { type FormEvent, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useStore } from "../../store/index.ts";
import { mutedUsers, setMuted } from "./muteList.ts";

/** Chat lines a panel keeps on screen. */
const SHOWN_LINES = 60;

/**
 * The party's chat beside the battle: players type and emote, spectators read and emote. A
 * muted player's lines are hidden here and the room stops delivering them; a line can be
 * reported for an admin.
 */
export function PartyChatPanel({
  room,
  spectate,
  onEmote,
}: {
  room: Room;
  spectate: boolean;
  onEmote: (shown: EmoteShown) => void;
}) {
  const { t } = useTranslation();
  const meId = useStore((s) => s.me?.id);
  const [lines, setLines] = useState<ChatLine[]>([]);
  const [muted, setMutedState] = useState<Set<string>>(() => mutedUsers());
  const [reported, setReported] = useState<Set<string>>(new Set());
  const [text, setText] = useState("");

  useEffect(() => {
    const add = (more: ChatLine[]) =>
      setLines((prev) => {
        const known = new Set(prev.map((l) => l.id));
        return [...prev, ...more.filter((l) => !known.has(l.id))].slice(-SHOWN_LINES);
      });
    const offs = [
      room.onMessage(ChatMessageType.CHAT, (line: ChatLine) => add([line])),
      room.onMessage(ChatMessageType.HISTORY, (history: ChatLine[]) => add(history)),
      room.onMessage(ChatMessageType.EMOTE, (shown: EmoteShown) => {
        if (!mutedUsers().has(shown.from.userId)) onEmote(shown);
      }),
      room.onMessage(ChatMessageType.REPORTED, ({ messageId }: { messageId: string }) => {
        setReported((prev) => new Set(prev).add(messageId));
        useStore.getState().pushToast({ kind: "info", key: "chat.reportedToast" });
      }),
    ];
    // The room keeps mutes for its life only: tell it again who this player muted.
    for (const userId of mutedUsers()) room.send(ChatMessageType.MUTE, { userId, muted: true });
    room.send(ChatMessageType.HISTORY);
    return () => {
      for (const off of offs) off();
    };
  }, [room, onEmote]);

  const toggleMute = (userId: string) => {
    const now = !muted.has(userId);
    setMutedState(setMuted(userId, now));
    room.send(ChatMessageType.MUTE, { userId, muted: now });
  };
  const send = (e: FormEvent) => {
    e.preventDefault();
    const message = text.trim();
    if (!message) return;
    room.send(ChatMessageType.CHAT, { text: message });
    setText("");
  };
  const emote = (name: Emote) => room.send(ChatMessageType.EMOTE, { emote: name });

  return (
    <div className="panel party-chat" data-testid="party-chat">
      <h2>{t("chat.title")}</h2>
      <ol className="log chat-lines" data-testid="chat-lines" aria-live="polite">
        {lines
          .filter((l) => !muted.has(l.from.userId))
          .map((l) => (
            <li key={l.id} data-testid="chat-line" data-role={l.from.role}>
              <strong>{l.from.name}</strong>
              {l.from.role === "spectator" && <span className="tag">{t("chat.spectator")}</span>}: <span>{l.text}</span>
              {l.from.userId !== meId && (
                <>
                  {" "}
                  <button type="button" className="btn btn-small" onClick={() => toggleMute(l.from.userId)}>
                    {t("chat.mute")}
                  </button>
                  <button
                    type="button"
                    className="btn btn-small"
                    disabled={reported.has(l.id)}
                    onClick={() => room.send(ChatMessageType.REPORT, { messageId: l.id })}
                    data-testid="chat-report"
                  >
                    {reported.has(l.id) ? t("chat.reported") : t("chat.report")}
                  </button>
                </>
              )}
            </li>
          ))}
      </ol>
      {muted.size > 0 && (
        <p className="muted-list">
          {t("chat.mutedCount", { count: muted.size })}{" "}
          {[...muted].map((userId) => (
            <button key={userId} type="button" className="btn btn-small" onClick={() => toggleMute(userId)}>
              {t("chat.unmute", { name: lines.find((l) => l.from.userId === userId)?.from.name ?? "?" })}
            </button>
          ))}
        </p>
      )}
      <fieldset className="emotes">
        <legend>{t("chat.emotesLabel")}</legend>
        {EMOTES.map((name) => (
          <button
            key={name}
            type="button"
            className="btn btn-small"
            onClick={() => emote(name)}
            data-testid={`emote-${name}`}
          >
            {t(`chat.emotes.${name}`)}
          </button>
        ))}
      </fieldset>
      {spectate ? (
        <p className="hint">{t("chat.spectatorsEmoteOnly")}</p>
      ) : (
        <form onSubmit={send} className="chat-form">
          <input
            value={text}
            onChange={(e) => setText(e.target.value)}
            maxLength={CHAT_MAX_LENGTH}
            placeholder={t("chat.placeholder")}
            aria-label={t("chat.placeholder")}
            data-testid="chat-input"
          />
          <button type="submit" className="btn btn-primary" data-testid="chat-send">
            {t("chat.send")}
          </button>
        </form>
      )}
    </div>
  );
}
