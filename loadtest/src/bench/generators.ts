import { type ChildProcess, fork } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type ClashFiguresSnapshot, mergeClashFigures } from "../bots/clash.ts";
import type { GroupSpec, Request } from "./groupWorker.ts";
import type { Group } from "./heldClients.ts";

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * The bench's load generator: `count` child processes (groupWorker.ts) that run the bots, groups
 * handed out in turn, so the generator is not what limits a figure; `pids` lets the bench report
 * their CPU next to the servers'.
 */
export class Generators {
  private readonly children: ChildProcess[];
  private readonly ready: Promise<unknown>;
  private readonly waiting = new Map<number, (reply: any) => void>();
  private nextId = 0;
  private turn = 0;

  constructor(count: number) {
    this.children = Array.from({ length: count }, () => {
      const child = fork(path.join(here, "groupWorker.ts"), [], { execArgv: ["--import", "tsx"] });
      child.on("message", (reply: { id: number }) => {
        this.waiting.get(reply.id)?.(reply);
        this.waiting.delete(reply.id);
      });
      // A generator that died answers nothing more: whoever waits hears it (the run reports it).
      child.on("exit", (code) => {
        for (const [id, answer] of this.waiting) answer({ id, ok: false, message: `a generator exited (${code})` });
        this.waiting.clear();
      });
      return child;
    });
    this.ready = Promise.all(
      this.children.map(
        (c) => new Promise((resolve) => c.on("message", (m: { ready?: boolean }) => m.ready && resolve(true))),
      ),
    );
  }

  get pids(): number[] {
    return this.children.map((c) => c.pid!).filter(Boolean);
  }

  /** A group started in the next generator process. */
  async add(spec: GroupSpec): Promise<Group> {
    const child = this.children[this.turn++ % this.children.length]!;
    const reply = await this.ask(child, { op: "add", spec });
    if (!reply.ok) throw new Error(reply.message);
    return {
      clients: reply.clients,
      stop: async () => {
        await this.ask(child, { op: "stop", group: reply.group });
      },
    };
  }

  /** The clash tables' figures of every generator since the previous call, added together. */
  async clashFigures(): Promise<ClashFiguresSnapshot> {
    const replies = await Promise.all(this.children.map((c) => this.ask(c, { op: "figures" })));
    return mergeClashFigures(replies.filter((r) => r.ok).map((r) => r.figures as ClashFiguresSnapshot));
  }

  close(): void {
    for (const c of this.children) c.kill("SIGTERM");
  }

  private async ask(child: ChildProcess, req: Omit<Request, "id"> & Record<string, unknown>): Promise<any> {
    await this.ready;
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, resolve);
      if (!child.connected) {
        this.waiting.delete(id);
        reject(new Error("a generator process is gone"));
        return;
      }
      child.send({ ...req, id } as Request);
    });
  }
}
