import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

/** The API, the matchmaker and the rooms' WebSockets all live on the game server's port. */
const server = process.env.LEVELUP_SERVER ?? "http://localhost:2567";

export default defineConfig({
  plugins: [react()],
  server: {
    port: 5173,
    proxy: {
      "/api": { target: server, changeOrigin: true },
      "/matchmake": { target: server, changeOrigin: true },
      // Colyseus rooms connect to /<processId>/<roomId>: every other WebSocket goes to the server.
      // Only the WebSocket upgrades: a page such as /battle/<roomId>?d=… has the same shape, and a
      // reload of it is the client's own page, served here.
      "^/[A-Za-z0-9_-]+/[A-Za-z0-9_-]+\\?": {
        target: server,
        ws: true,
        changeOrigin: true,
        bypass: (req) => (req.headers.upgrade?.toLowerCase() === "websocket" ? undefined : req.url),
      },
    },
  },
  build: { target: "es2022", chunkSizeWarningLimit: 1500 },
});
