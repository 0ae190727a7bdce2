import type { LeaderboardEntry, LeaderboardPage as Page } from "@levelup/shared/protocol/progression";
import { useVirtualizer } from "@tanstack/react-virtual";
import { memo, useCallback, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Feedback } from "../../components/Feedback.tsx";
import { useFormat } from "../../i18n/format.ts";
import { api } from "../../net/api.ts";
import { useStore } from "../../store/index.ts";
import { ClashLadder } from "../clash/ClashLadder.tsx";

type Period = "all" | "weekly";
/** The XP rankings by period, and the clash ladder (signed-in players: it places the caller). */
type Tab = Period | "clash";
const PAGE = 100;
const ROW_HEIGHT = 40;

const Row = memo(function Row({ entry, me, top }: { entry: LeaderboardEntry; me: boolean; top: number }) {
  const f = useFormat();
  return (
    <li className={`lb-row${me ? " lb-me" : ""}`} style={{ transform: `translateY(${top}px)`, height: ROW_HEIGHT }}>
      <span className="lb-rank">{f.num(entry.rank)}</span>
      <span className="lb-name">{entry.username}</span>
      <span>{f.num(entry.level)}</span>
      <span>{f.num(entry.experience)}</span>
    </li>
  );
});

/** Rankings, loaded a page at a time as the player scrolls; only visible rows are in the DOM. */
export default function LeaderboardPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const myId = useStore((s) => s.me?.id);
  const signedIn = useStore((s) => s.authStatus === "authenticated");
  const [tab, setTab] = useState<Tab>("all");
  const period = tab === "clash" ? null : tab;
  const [rows, setRows] = useState<LeaderboardEntry[]>([]);
  const [total, setTotal] = useState(0);
  const [error, setError] = useState<unknown>();
  const [loading, setLoading] = useState(true);
  const exhausted = useRef(false);
  const loadingMore = useRef(false);
  const scrollRef = useRef<HTMLDivElement>(null);

  const loadMore = useCallback(
    async (offset: number, reset: boolean) => {
      if (period === null || loadingMore.current || (!reset && exhausted.current)) return;
      loadingMore.current = true;
      try {
        const page = await api<Page>("GET", `/api/game/leaderboard?period=${period}&limit=${PAGE}&offset=${offset}`);
        // A server without offsets answers the first page again: then that page is all there is.
        const fresh = page.items.filter((e) => e.rank > offset);
        exhausted.current = fresh.length < PAGE;
        setTotal(page.total);
        setRows((prev) => (reset ? fresh : [...prev, ...fresh]));
        setError(undefined);
      } catch (e) {
        setError(e);
      } finally {
        loadingMore.current = false;
        setLoading(false);
      }
    },
    [period],
  );

  useEffect(() => {
    exhausted.current = false;
    setLoading(true);
    void loadMore(0, true);
  }, [loadMore]);

  const virtual = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtual.getVirtualItems();
  const last = items[items.length - 1];
  useEffect(() => {
    if (last && last.index >= rows.length - 20) void loadMore(rows.length, false);
  }, [last, rows.length, loadMore]);

  return (
    <section className="panel">
      <h1>{t("leaderboard.title")}</h1>
      <div className="tabs" role="tablist">
        {(signedIn ? (["all", "weekly", "clash"] as const) : (["all", "weekly"] as const)).map((p) => (
          <button
            key={p}
            type="button"
            role="tab"
            aria-selected={tab === p}
            className={`btn${tab === p ? " btn-primary" : ""}`}
            onClick={() => setTab(p)}
            data-testid={`leaderboard-tab-${p}`}
          >
            {t(`leaderboard.${p}`)}
          </button>
        ))}
      </div>
      {tab === "clash" ? (
        <ClashLadder myId={myId} />
      ) : (
        <>
          <p>{t("leaderboard.total", { count: total, n: f.num(total) })}</p>
          <Feedback loading={loading} error={error} />
          <div className="lb-table">
            <div className="lb-row lb-head" aria-hidden="true">
              <span>{t("leaderboard.rank")}</span>
              <span>{t("leaderboard.player")}</span>
              <span>{t("stats.level")}</span>
              <span>{t("stats.xp")}</span>
            </div>
            {/* Chromium makes a scrolling box keyboard-focusable by itself, so the arrows scroll it. */}
            <div className="lb-scroll" ref={scrollRef} data-testid="leaderboard">
              <ol
                aria-label={t("leaderboard.title")}
                style={{
                  height: virtual.getTotalSize(),
                  position: "relative",
                  margin: 0,
                  padding: 0,
                  listStyle: "none",
                }}
              >
                {items.map((v) => {
                  const entry = rows[v.index]!;
                  return <Row key={entry.userId} entry={entry} me={entry.userId === myId} top={v.start} />;
                })}
              </ol>
            </div>
          </div>
        </>
      )}
    </section>
  );
}
