import { memo } from "react";
import { useTranslation } from "react-i18next";
import { NavLink, useNavigate } from "react-router";
import { signOut } from "../app/session.ts";
import { useStore } from "../store/index.ts";

const LINKS = [
  ["/", "nav.dashboard"],
  ["/coding", "nav.coding"],
  ["/dungeons", "nav.dungeons"],
  ["/spectate", "nav.spectate"],
  ["/clash", "nav.clash"],
  ["/challenges", "nav.challenges"],
  ["/quests", "nav.quests"],
  ["/shop", "nav.shop"],
  ["/inventory", "nav.inventory"],
  ["/leaderboard", "nav.leaderboard"],
  ["/profile", "nav.profile"],
] as const;

const PUBLIC_LINKS = [
  ["/challenges", "nav.challenges"],
  ["/leaderboard", "nav.leaderboard"],
  ["/login", "nav.login"],
  ["/register", "nav.register"],
] as const;

export const NavBar = memo(function NavBar() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  // Shown to admins only; the server refuses the admin routes to anyone else (403).
  const isAdmin = useStore((s) => s.me?.role === "admin");
  const links = isAdmin ? [...LINKS, ["/admin", "nav.admin"] as const] : LINKS;
  return (
    <nav className="nav" aria-label={t("nav.label")}>
      <ul>
        {links.map(([to, key]) => (
          <li key={to}>
            <NavLink to={to} end={to === "/"}>
              {t(key)}
            </NavLink>
          </li>
        ))}
        <li>
          <button type="button" className="link-button" onClick={() => void signOut().then(() => navigate("/login"))}>
            {t("nav.logout")}
          </button>
        </li>
      </ul>
    </nav>
  );
});

/** What a visitor who is not signed in can open: the public pages and the way in. */
export const PublicNav = memo(function PublicNav() {
  const { t } = useTranslation();
  return (
    <nav className="nav" aria-label={t("nav.label")}>
      <ul>
        {PUBLIC_LINKS.map(([to, key]) => (
          <li key={to}>
            <NavLink to={to}>{t(key)}</NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
});
