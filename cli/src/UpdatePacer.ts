/** The tracker paces its updates with the rule the web page uses too (shared/src/rules/updatePacer.ts). */
export { type PendingChange, UpdatePacer } from "@levelup/shared/rules/updatePacer";
