import { randomBytes } from "node:crypto";
import type { Page } from "playwright-core";

export interface Credentials {
  username: string;
  password: string;
}

export function freshCredentials(prefix: string): Credentials {
  return { username: `${prefix}_${randomBytes(4).toString("hex")}`, password: "password123" };
}

/** Registers through the form and waits for the dashboard. */
export async function register(page: Page, who: Credentials): Promise<void> {
  await page.goto("/register");
  await page.getByLabel("Username").fill(who.username);
  await page.getByLabel("Email").fill(`${who.username}@example.test`);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Start the adventure" }).click();
  await page.getByTestId("dashboard-level").waitFor();
}

/** The number the header shows for total XP, as an integer (locale separators removed). */
export async function headerXp(page: Page): Promise<number> {
  return Number(((await page.getByTestId("stat-xp").textContent()) ?? "").replace(/\D/g, ""));
}
