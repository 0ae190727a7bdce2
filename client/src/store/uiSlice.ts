import type { StateCreator } from "zustand";
import type { GameStore } from "./index.ts";

export type ToastKind = "xp" | "level" | "badge" | "quest" | "error" | "info";

/** A toast carries an i18n key and its values, so it re-renders in a newly chosen language. */
export interface Toast {
  id: number;
  kind: ToastKind;
  key: string;
  values?: Record<string, unknown>;
  /** Key of a content name (a badge, a quest): shown as `name` in the current language, `values.name` when missing. */
  nameKey?: string;
}

export interface UiSlice {
  toasts: Toast[];
  pushToast: (toast: Omit<Toast, "id">) => void;
  dismissToast: (id: number) => void;
}

const TOAST_LIMIT = 5;
let nextToastId = 1;

/**
 * The toast list after `toast` arrives. XP gains coalesce: a new one replaces the XP toast still on
 * screen with their sum (and a fresh id, so it stays while the player keeps typing) instead of
 * stacking a "+1 XP" every two seconds.
 */
export function withToast(list: readonly Toast[], toast: Omit<Toast, "id">, id: number): Toast[] {
  const previous = toast.kind === "xp" ? list.find((t) => t.kind === "xp") : undefined;
  if (previous) {
    const xp = Number(previous.values?.xp ?? 0) + Number(toast.values?.xp ?? 0);
    return [...list.filter((t) => t !== previous), { ...toast, values: { ...toast.values, xp }, id }];
  }
  return [...list, { ...toast, id }].slice(-TOAST_LIMIT);
}

export const createUiSlice: StateCreator<GameStore, [], [], UiSlice> = (set) => ({
  toasts: [],
  pushToast: (toast) => set((s) => ({ toasts: withToast(s.toasts, toast, nextToastId++) })),
  dismissToast: (id) => set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })),
});
