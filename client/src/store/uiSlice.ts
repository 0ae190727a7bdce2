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

export const createUiSlice: StateCreator<GameStore, [], [], UiSlice> = (set) => ({
  toasts: [],
  pushToast: (toast) => set((s) => ({ toasts: [...s.toasts, { ...toast, id: nextToastId++ }].slice(-TOAST_LIMIT) })),
  dismissToast: (id) => set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })),
});
