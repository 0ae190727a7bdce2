import { type ClashBotOptions, ClashFigures, clashTable } from "../bots/clash.ts";
import type { BotUser } from "../lib/target.ts";
import type { Group } from "./heldClients.ts";
import { dungeonGroup, minimalGroup } from "./sections.ts";

/**
 * One load-generator process of `npm run bench` (generators.ts): starts and stops groups of bots
 * (dungeon parties, minimal rooms, clash tables) on the parent's request, so the bots' CPU is
 * spread over processes and the parent only measures; the clash tables' figures (grader latency,
 * clashes completed) are collected here and handed over on `figures`.
 */
export type GroupSpec =
  | { kind: "dungeon"; bases: string[]; users: BotUser[]; dungeonId: string }
  | { kind: "minimal"; wsUrl: string }
  | { kind: "clash"; base: string; users: BotUser[]; options: ClashBotOptions };
export type Request =
  | { id: number; op: "add"; spec: GroupSpec }
  | { id: number; op: "stop"; group: number }
  | { id: number; op: "figures" };

const groups = new Map<number, Group>();
const clashFigures = new ClashFigures();
let next = 0;

function startGroup(s: GroupSpec): Promise<Group> {
  switch (s.kind) {
    case "dungeon":
      return dungeonGroup(s.bases, async () => s.users, s.dungeonId);
    case "minimal":
      return minimalGroup(s.wsUrl);
    case "clash":
      return clashTable(s.base, s.users, s.options, clashFigures);
  }
}

process.on("message", async (req: Request) => {
  try {
    if (req.op === "add") {
      const group = await startGroup(req.spec);
      const id = next++;
      groups.set(id, group);
      process.send?.({ id: req.id, ok: true, group: id, clients: group.clients });
    } else if (req.op === "figures") {
      process.send?.({ id: req.id, ok: true, figures: clashFigures.drain() });
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
