import { lazy, Suspense } from "react";
import { useTranslation } from "react-i18next";
import { BrowserRouter, Navigate, Route, Routes } from "react-router";
import { Layout } from "./Layout.tsx";
import { RequireAuth } from "./RequireAuth.tsx";

import LoginPage from "../features/auth/LoginPage.tsx";
import RegisterPage from "../features/auth/RegisterPage.tsx";

// Every game screen is its own chunk. The sign-in forms are in the shell: the landing page shows
// its form at once (a redirect to a lazy screen keeps the blank page until the chunk arrives).
const DashboardPage = lazy(() => import("../features/dashboard/DashboardPage.tsx"));
const CodingPage = lazy(() => import("../features/coding/CodingPage.tsx"));
const DungeonsPage = lazy(() => import("../features/dungeons/DungeonsPage.tsx"));
const BattlePage = lazy(() => import("../features/dungeons/BattlePage.tsx"));
const SpectatePage = lazy(() => import("../features/spectate/SpectatePage.tsx"));
const ChallengesPage = lazy(() => import("../features/challenges/ChallengesPage.tsx"));
const ChallengePage = lazy(() => import("../features/challenges/ChallengePage.tsx"));
const QuestsPage = lazy(() => import("../features/quests/QuestsPage.tsx"));
const ShopPage = lazy(() => import("../features/shop/ShopPage.tsx"));
const InventoryPage = lazy(() => import("../features/inventory/InventoryPage.tsx"));
const LeaderboardPage = lazy(() => import("../features/leaderboard/LeaderboardPage.tsx"));
const ProfilePage = lazy(() => import("../features/profile/ProfilePage.tsx"));
const AdminPage = lazy(() => import("../features/admin/AdminPage.tsx"));
const ReplayPage = lazy(() => import("../features/replays/ReplayPage.tsx"));
const ClashPage = lazy(() => import("../features/clash/ClashPage.tsx"));
const ClashRoomPage = lazy(() => import("../features/clash/ClashRoomPage.tsx"));

function Loading() {
  const { t } = useTranslation();
  return (
    <p className="loading" role="status">
      {t("common.loading")}
    </p>
  );
}

export function App() {
  return (
    <BrowserRouter>
      <Suspense fallback={<Loading />}>
        <Routes>
          <Route element={<Layout />}>
            <Route path="/login" element={<LoginPage />} />
            <Route path="/register" element={<RegisterPage />} />
            {/* Public reads (the server answers them without a token): a replay link, the
                challenges and the leaderboards work for anyone, signed in or not. */}
            <Route path="/replays/:id" element={<ReplayPage />} />
            <Route path="challenges" element={<ChallengesPage />} />
            <Route path="challenges/:id" element={<ChallengePage />} />
            <Route path="leaderboard" element={<LeaderboardPage />} />
            <Route element={<RequireAuth />}>
              <Route index element={<DashboardPage />} />
              <Route path="coding" element={<CodingPage />} />
              <Route path="dungeons" element={<DungeonsPage />} />
              <Route path="battle/:roomId" element={<BattlePage />} />
              <Route path="spectate" element={<SpectatePage />} />
              <Route path="spectate/:roomId" element={<BattlePage spectate />} />
              <Route path="clash" element={<ClashPage />} />
              {/* The invitation link: a seat by POST /api/game/clashes/join, or this tab's seat after a reload. */}
              <Route path="clash/join/:roomId" element={<ClashRoomPage />} />
              <Route path="clash/watch/:roomId" element={<ClashRoomPage spectate />} />
              <Route path="quests" element={<QuestsPage />} />
              <Route path="shop" element={<ShopPage />} />
              <Route path="inventory" element={<InventoryPage />} />
              <Route path="profile" element={<ProfilePage />} />
              <Route path="admin" element={<AdminPage />} />
            </Route>
            <Route path="*" element={<Navigate to="/" replace />} />
          </Route>
        </Routes>
      </Suspense>
    </BrowserRouter>
  );
}
