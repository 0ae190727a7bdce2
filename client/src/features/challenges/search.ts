/**
 * Whether a challenge whose texts are `texts` (its shown title and statement, and the originals)
 * matches the search `q`: the whole text, case-insensitive, like the server's search
 * (`GET /api/game/challenges?q=`), which knows the original texts only.
 */
export function matchesSearch(texts: readonly string[], q: string): boolean {
  const needle = q.trim().toLocaleLowerCase();
  return needle === "" || texts.some((text) => text.toLocaleLowerCase().includes(needle));
}
