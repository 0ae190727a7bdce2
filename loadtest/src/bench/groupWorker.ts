import type { BotUser } from "../lib/target.ts";
import type { Group } from "./heldClients.ts";
import { dungeonGroup, minimalGroup } from "./sections.ts";

/**
 * One load-generator process of `npm run bench` (generators.ts): starts and stops groups of bots
 * (dungeon parties, minimal rooms) on the parent's request, so the bots' CPU is spread over
 * processes and the parent only measures.
 */
export type GroupSpec =
  | { kind: "dungeon"; bases: string[]; users: BotUser[]; dungeonId: string }
  | { kind: "minimal"; wsUrl: string };
export type Request = { id: number; op: "add"; spec: GroupSpec } | { id: number; op: "stop"; group: number };

const groups = new Map<number, Group>();
let next = 0;

process.on("message", async (req: Request) => {
  try {
    if (req.op === "add") {
      const s = req.spec;
      const group =
        s.kind === "dungeon"
          ? await dungeonGroup(s.bases, async () => s.users, s.dungeonId)
          : await minimalGroup(s.wsUrl);
      const id = next++;
      groups.set(id, group);
      process.send?.({ id: req.id, ok: true, group: id, clients: group.clients });
    } else {
      await groups.get(req.group)?.stop();
      groups.delete(req.group);
      process.send?.({ id: req.id, ok: true });
    }
  } catch (err) {
    process.send?.({ id: req.id, ok: false, message: (err as Error).message });
  }
});
process.on("disconnect", () => process.exit(0));
process.send?.({ ready: true });
