/** "Did you mean …?" for misspelt names: the closest candidate by edit distance, if it is close enough. */

/** Case, "-", "_" and spaces do not count as differences ("learning_rate" ~ "learningRate"). */
const fold = (s: string) => s.toLowerCase().replace(/[-_\s]/g, '');

/** Levenshtein distance (insertions, deletions, substitutions), two rows of the usual table. */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length];
}

/**
 * The candidate nearest to `name`, when at most about a third of it differs (at least 1 edit allowed);
 * ties go to the first candidate. Undefined when nothing is that close.
 */
export function closestName(name: string, candidates: readonly string[]): string | undefined {
  const target = fold(name);
  let best: { name: string; distance: number } | undefined;
  for (const c of candidates) {
    const distance = editDistance(target, fold(c));
    if (!best || distance < best.distance) best = { name: c, distance };
  }
  if (!best) return undefined;
  const allowed = Math.max(1, Math.floor(Math.max(target.length, fold(best.name).length) / 3));
  return best.distance <= allowed ? best.name : undefined;
}
