/** Edit distance (insert, delete, substitute, swap two neighbours) between two short names. */
function distance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i += 1) {
    const row: number[] = [i];
    for (let j = 1; j <= b.length; j += 1) {
      if (i === 0) {
        row.push(j);
        continue;
      }
      const up = rows[i - 1] ?? [];
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((up[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (up[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, (rows[i - 2]?.[j - 2] ?? 0) + 1);
      row.push(d);
    }
    rows.push(row);
  }
  return rows[a.length]?.[b.length] ?? Math.max(a.length, b.length);
}

/**
 * The known name closest to a misspelt one, when it is close enough to be what was meant: the same
 * name in another case, at most two edits away (one for names of four letters or fewer), or a
 * shortening of it (`corpus` for `corpusDir`).
 * @example `didYouMean('leanRunnner', ['leanRunner', 'profile']) // 'leanRunner'`
 * @internal
 */
export function didYouMean(name: string, known: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of known) {
    if (candidate.toLowerCase() === name.toLowerCase()) return candidate;
    const d = distance(name, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  if (bestDistance <= (name.length <= 4 ? 1 : 2)) return best;
  if (name.length < 4) return null;
  return known.find((candidate) => candidate.toLowerCase().startsWith(name.toLowerCase())) ?? null;
}
