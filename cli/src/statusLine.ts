export interface TrackerStatus {
  connected: boolean;
  /** Accepted lines this session. */
  lines: number;
  /** XP this session earned so far. */
  sessionXp: number;
  level: number;
  totalXp: number;
  /** Lines counted locally but not sent yet (paced under the per-minute cap). */
  queued: number;
  rejected: number;
}

/** The live one-line status, e.g. "● 120 lines · +156 XP · Lv 3 (456 XP)". */
export function formatStatus(s: TrackerStatus): string {
  const parts = [
    `${s.connected ? "●" : "○ reconnecting…"} ${s.lines} lines`,
    `+${s.sessionXp} XP`,
    `Lv ${s.level} (${s.totalXp} XP)`,
  ];
  if (s.queued > 0) parts.push(`${s.queued} queued`);
  if (s.rejected > 0) parts.push(`${s.rejected} refused`);
  return parts.join(" · ");
}

/** The summary printed when a session ends. */
export function formatSummary(r: {
  xp: number;
  coins: number;
  levelBefore: number;
  levelAfter: number;
  achievements: { name: string }[];
  lines: number;
}): string {
  const lines = [
    "Session ended.",
    `  lines written: ${r.lines}`,
    `  XP earned:     ${r.xp}`,
    `  coins earned:  ${r.coins}`,
    r.levelAfter > r.levelBefore
      ? `  level:         ${r.levelBefore} → ${r.levelAfter}  LEVEL UP!`
      : `  level:         ${r.levelAfter}`,
  ];
  if (r.achievements.length > 0) lines.push(`  badges:        ${r.achievements.map((a) => a.name).join(", ")}`);
  return lines.join("\n");
}
