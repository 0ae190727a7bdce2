import type { Logger } from "../../logger.ts";
import type { Metrics } from "../../metrics.ts";

/**
 * The anti-cheat record: every action refused by a budget or rate rule (coding lines over the
 * per-player budget, room message floods, guess cooldowns, registration limits…) is reported here
 * once, by rule name, so that an operator sees in /metrics which rule fires and how often.
 * Rule names are dotted and stable (`coding.lines_per_minute`, `room.message_rate`); they are
 * Prometheus label values, so never build one from user input.
 */
export class Refusals {
  constructor(private readonly deps: { metrics: Metrics; logger: Logger }) {}

  record(rule: string, userId: string | undefined): void {
    this.deps.metrics.integrityRefusals.inc({ rule });
    this.deps.logger.debug({ rule, userId }, "refused by integrity rule");
  }
}
