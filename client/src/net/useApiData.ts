import { useCallback, useEffect, useState } from "react";
import { api } from "./api.ts";

export interface ApiData<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

const getOne = <T>(path: string) => api<T>("GET", path);

/**
 * GETs `path` (null: nothing yet) with `load` (one GET unless told, e.g. `allPages`; pass a
 * function defined once, not one made per render) and re-fetches when either changes or `reload`
 * is called.
 */
export function useApiData<T>(path: string | null, load: (path: string) => Promise<T> = getOne): ApiData<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<unknown>();
  const [loading, setLoading] = useState(path !== null);
  const [tick, setTick] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `tick` is the reload trigger
  useEffect(() => {
    if (path === null) return;
    let live = true;
    setLoading(true);
    load(path)
      .then((d) => {
        if (!live) return;
        setData(d);
        setError(undefined);
      })
      .catch((e: unknown) => live && setError(e))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [path, load, tick]);

  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data, error, loading, reload };
}

/** `useApiData` fetched again every `everyMs` while mounted: the live lists (battles, clashes). */
export function usePolledApiData<T>(path: string, everyMs: number): ApiData<T> {
  const result = useApiData<T>(path);
  const { reload } = result;
  useEffect(() => {
    const timer = setInterval(reload, everyMs);
    return () => clearInterval(timer);
  }, [reload, everyMs]);
  return result;
}

/** Pages a list follows at most (100 each): far above any real list, a stop for a looping cursor. */
const MAX_PAGES = 200;

/** GETs every page of a cursor-paged list (`{items, nextCursor}`, docs/api.md) as one list. */
export async function allPages<I>(path: string): Promise<{ items: I[] }> {
  const items: I[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    const url: string = cursor ? `${path}${path.includes("?") ? "&" : "?"}cursor=${encodeURIComponent(cursor)}` : path;
    const answer = await api<{ items: I[]; nextCursor: string | null }>("GET", url);
    items.push(...answer.items);
    cursor = answer.nextCursor;
    if (!cursor) break;
  }
  return { items };
}
