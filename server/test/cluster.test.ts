import assert from "node:assert/strict";
import type { Room } from "@colyseus/sdk";
import { RedisPresence } from "@colyseus/redis-presence";
import { CLUSTER_SWEEP_INTERVAL_MS } from "../src/realtime/clusterHealth.ts";
import { Notifier } from "../src/realtime/Notifier.ts";
import {
  eventually,
  listing,
  matchmake,
  registerOn,
  sdkClient,
  startTestCluster,
  type TestCluster,
} from "./support/cluster.ts";
import { testStack } from "./support/testServer.ts";

/** A dead process's rooms must be gone within one sweep plus Colyseus' 2 s IPC time-out (and slack). */
const STALE_BOUND_MS = CLUSTER_SWEEP_INTERVAL_MS + 2_000 + 2_000;

/** Creates rooms through `askUrl` until one lands on process `name`; returns its reservation. */
async function roomOn(cluster: TestCluster, name: string, askUrl: string, token: string) {
  for (let i = 0; i < 10; i++) {
    const { status, body } = await matchmake(askUrl, "create", "hub", token);
    assert.equal(status, 200, JSON.stringify(body));
    if (body.publicAddress?.endsWith(`/${name}`)) return body;
    // Rooms elsewhere stay open: they make process `name` the least loaded for the next create.
  }
  throw new Error(`no room landed on ${name} (processes: ${[...cluster.processes.keys()].join(", ")})`);
}

const nextLeave = (room: Room) => new Promise<number>((resolve) => room.onLeave((code) => resolve(code)));

// Two real server processes need PostgreSQL and Redis, so this suite belongs to the postgres run
// only (it would otherwise start the same processes twice per CI run).
if (testStack === "postgres") {
  describe("cluster: several processes, one game (real processes, PostgreSQL, Redis)", function () {
    this.timeout(60_000);
    let cluster: TestCluster;
    const url = (name: string) => cluster.processes.get(name)!.url;

    before(async () => {
      cluster = await startTestCluster(["a", "b"]);
    });
    after(async () => {
      await cluster?.close();
    });

    it("when process A is asked for a seat in a room living on process B, then the seat names B and the client joins it through the front", async () => {
      const owner = await registerOn(url("a"));
      const onB = await roomOn(cluster, "b", url("a"), owner.token);
      const guest = await registerOn(url("b"));
      const { status, body } = await matchmake(url("a"), "joinById", onB.roomId, guest.token);
      assert.equal(status, 200, JSON.stringify(body));
      assert.equal(body.processId, onB.processId);
      assert.match(body.publicAddress!, /\/b$/);
      const room = await sdkClient(cluster.front.url, guest.token).consumeSeatReservation(body);
      assert.equal(room.roomId, onB.roomId);
      await room.leave();
    });

    it("when a push is published from another process, then the user's hub connection on B receives it", async () => {
      const user = await registerOn(url("a"));
      const seat = await roomOn(cluster, "b", url("a"), user.token);
      const hub = await sdkClient(cluster.front.url, user.token).consumeSeatReservation(seat);
      const received = new Promise<unknown>((resolve) => hub.onMessage("xp_update", resolve));
      // The very code path the services use (Notifier over Redis presence), from this test's process.
      const presence = new RedisPresence(cluster.redisUrl);
      try {
        await new Notifier(presence).notify(user.id, "xp_update", { xp: 5, totalXp: 5, level: 1, leveledUp: false });
        assert.deepEqual(await received, { xp: 5, totalXp: 5, level: 1, leveledUp: false });
      } finally {
        await hub.leave();
        presence.shutdown();
      }
    });

    it("when a process is killed with SIGKILL, then its players are dropped and its rooms leave the shared listing within the sweep bound", async () => {
      const user = await registerOn(url("a"));
      const seat = await roomOn(cluster, "b", url("a"), user.token);
      const room = await sdkClient(cluster.front.url, user.token).consumeSeatReservation(seat);
      const left = nextLeave(room);
      const before = await listing(cluster.redisUrl);
      assert.ok(
        before.some((r) => r.roomId === seat.roomId),
        "the room is listed while B lives",
      );

      await cluster.processes.get("b")!.stop("SIGKILL");
      cluster.processes.delete("b");
      const code = await left;
      assert.ok(code >= 1000, `the player got a close code (${code})`);

      const gone = await eventually(
        async () => !(await listing(cluster.redisUrl)).some((r) => r.publicAddress?.endsWith("/b")),
        STALE_BOUND_MS,
      );
      assert.ok(gone, "no room of the dead process is left in the listing");
      // And the game goes on: a new room is placed on a live process.
      const again = await matchmake(url("a"), "create", "hub", user.token);
      assert.equal(again.status, 200, JSON.stringify(again.body));
      assert.match(again.body.publicAddress!, /\/a$/);
    });

    it("when a process gets SIGTERM, then it closes its rooms with the shutdown code, exits cleanly and takes no new seats", async () => {
      const c = await cluster.spawn("x1");
      const user = await registerOn(url("a"));
      const seat = await roomOn(cluster, "x1", url("a"), user.token);
      const room = await sdkClient(cluster.front.url, user.token).consumeSeatReservation(seat);
      const left = nextLeave(room);

      const exited = c.stop("SIGTERM");
      cluster.processes.delete("x1");
      assert.equal(await left, 4001, "SERVER_SHUTDOWN close code");
      assert.equal(await exited, 0);
      assert.ok(!(await listing(cluster.redisUrl)).some((r) => r.publicAddress?.endsWith("/x1")));
      for (let i = 0; i < 3; i++) {
        const next = await matchmake(cluster.front.url, "create", "hub", user.token);
        assert.equal(next.status, 200, JSON.stringify(next.body));
        assert.match(next.body.publicAddress!, /\/a$/, "new rooms go to the live process");
      }
    });
  });
}
