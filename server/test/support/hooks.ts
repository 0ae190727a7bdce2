import { stopTestServer } from "./testServer.ts";

/**
 * What the SDK prints about test clients on purpose: a message the test does not read (a client
 * reads only those its test asserts on) and a join the server refused (the test asserts the
 * refusal's code). In tests both are noise; anything else the console gets still shows.
 */
const expectedSdkWarnings = [
  "@colyseus/sdk: onMessage() not registered for type",
  "Room connection was closed unexpectedly",
];
const warn = console.warn;
console.warn = (...args: unknown[]) => {
  const first = args[0];
  if (typeof first === "string" && expectedSdkWarnings.some((w) => first.startsWith(w))) return;
  warn(...args);
};

export const mochaHooks = {
  async afterAll() {
    await stopTestServer();
  },
};
