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
      "^/[A-Za-z0-9_-]+/[A-Za-z0-9_-]+\\?": { target: server, ws: true, changeOrigin: true },
    },
  },
  build: { target: "es2022", chunkSizeWarningLimit: 1500 },
});
