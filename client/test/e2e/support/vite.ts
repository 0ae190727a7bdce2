import path from "node:path";
import { fileURLToPath } from "node:url";
import { createServer } from "vite";

const clientRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

/**
 * Vite's development server (what `npm run dev` runs) on a free port, proxying the API and the
 * rooms to `gameServerUrl` exactly as in development: React in development mode, strict mode on.
 */
export async function startDevServer(gameServerUrl: string): Promise<{ url: string; stop: () => Promise<void> }> {
  // vite.config.ts reads the game server's address from the environment when it is loaded.
  process.env.LEVELUP_SERVER = gameServerUrl;
  const vite = await createServer({
    root: clientRoot,
    configFile: path.join(clientRoot, "vite.config.ts"),
    // The test reloads pages on purpose, and each reload resets the proxied socket: Vite logs every
    // reset as an error. The test asserts what the players see, so the dev server stays silent.
    logLevel: "silent",
    clearScreen: false,
    server: { host: "127.0.0.1", port: 0, strictPort: false, hmr: false },
  });
  await vite.listen();
  const url = vite.resolvedUrls?.local[0];
  if (!url) throw new Error("the Vite dev server has no local address");
  return { url: url.replace(/\/$/, ""), stop: () => vite.close() };
}
