/**
 * Term counts per group for the keyword bias report: lowercased scikit-learn tokens, English stop words
 * removed, word n-grams up to `ngramMax`. Tokens are scanned in place and n-grams are ids of an n-gram
 * index (document-walker.ts), so no string is made per occurrence: only one per distinct term.
 */
import { DocumentWalker } from './document-walker.ts';
import { NgramIndex } from './ngram-index.ts';

/**
 * term → count per group (rows with group < 0 or no text are skipped), the terms in the order they
 * first occur (as a Map filled term by term while reading the texts would hold them).
 */
export function termCountsByGroup(
  texts: ReadonlyArray<string | null>,
  groups: Int32Array,
  nGroups: number,
  ngramMax = 1,
): Map<string, Float64Array> {
  const out = new Map<string, Float64Array>();
  if (!(ngramMax >= 1)) return out;
  const index = new NgramIndex(1 << 14);
  const walker = new DocumentWalker(index, { lowercase: true, stopWords: 'english', ngramRange: [1, Math.floor(ngramMax)] });
  let counts = new Float64Array((1 << 14) * nGroups);
  let seen = new Uint8Array(1 << 14);
  const order: number[] = [];
  for (let i = 0; i < texts.length; i++) {
    const g = groups[i];
    const t = texts[i];
    if (g < 0 || t == null) continue;
    const counted = g < nGroups; // a code beyond the groups names its terms but counts nowhere
    walker.walk(t, true, (node) => {
      if (node >= seen.length) {
        const size = Math.max(index.size, seen.length * 2);
        const s = new Uint8Array(size);
        s.set(seen);
        seen = s;
        const c = new Float64Array(size * nGroups);
        c.set(counts);
        counts = c;
      }
      if (seen[node] === 0) {
        seen[node] = 1;
        order.push(node);
      }
      if (counted) counts[node * nGroups + g]++;
    });
  }
  for (const node of order) out.set(index.text(node), counts.slice(node * nGroups, (node + 1) * nGroups));
  return out;
}
