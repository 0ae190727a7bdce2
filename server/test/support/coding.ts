import { Client, type Room } from "@colyseus/sdk";
import { CodingState } from "@levelup/shared/state/CodingState";
import { api, type TestUser } from "./api.ts";
import { until } from "./deadlines.ts";
import { testServer } from "./testServer.ts";

/** Starts (or resumes) the user's coding session over REST and joins its room with the real SDK. */
export async function joinCoding(user: TestUser, body: { projectName?: string; language?: string } = {}) {
  const { server } = await testServer();
  const start = await api("POST", "/api/game/coding/start", { token: user.token, body });
  if (start.status !== 201 && start.status !== 200) {
    throw new Error(`coding start failed: ${start.status} ${JSON.stringify(start.body)}`);
  }
  const client = new Client(server.url);
  client.auth.token = user.token;
  const room = await client.consumeSeatReservation(start.body.reservation, CodingState);
  // Tests listen with nextMessage(); these keep the SDK from warning about the others.
  for (const type of ["coding_rejected", "coding_ended", "xp_update", "error"]) room.onMessage(type, () => {});
  await until(() => room.state?.sessionId === start.body.sessionId);
  return { room, client, start };
}

/** The next message of `type` the room receives. */
export function nextMessage<T = any>(room: Room<any, CodingState>, type: string): Promise<T> {
  return new Promise((resolve) => {
    const off = room.onMessage(type, (payload: T) => {
      off();
      resolve(payload);
    });
  });
}

export { until };
