/** The hot reads of issue 20 (the REST section of `npm run bench`, tools/hitReads.ts): name and path per player. */
export interface HotRead {
  name: string;
  label: string;
  path: (user: { id: string }) => string;
}

export const HOT_READS: HotRead[] = [
  { name: "profile", label: "GET /api/game/profile", path: () => "/api/game/profile" },
  {
    name: "top100",
    label: "GET /api/game/leaderboard?limit=100 (top 100)",
    path: () => "/api/game/leaderboard?limit=100",
  },
  {
    name: "rank",
    label: "GET /api/game/leaderboard/users/:id/progress (my rank)",
    path: (u) => `/api/game/leaderboard/users/${u.id}/progress`,
  },
  { name: "shop", label: "GET /api/game/shop?limit=100 (catalogue)", path: () => "/api/game/shop?limit=100" },
  { name: "inventory", label: "GET /api/game/inventory (my owned/equipped)", path: () => "/api/game/inventory" },
  { name: "quests", label: "GET /api/game/quests (my active quests)", path: () => "/api/game/quests" },
];
