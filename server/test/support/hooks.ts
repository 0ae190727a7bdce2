import { stopTestServer } from "./testServer.ts";

export const mochaHooks = {
  async afterAll() {
    await stopTestServer();
  },
};
