import { describe, expect, it } from 'vitest';
import { createRng } from '../../core/rng.ts';
import { generateResumes } from '../../samples/resumes.ts';
import { ENGLISH_STOP_WORDS } from './stop-words.ts';
import { termCountsByGroup } from './term-counts.ts';
import { forEachToken } from './tokenize.ts';

/** The plain way: a string per token and per n-gram, counted in a Map as they come. */
function plainCounts(texts: ReadonlyArray<string | null>, groups: Int32Array, nGroups: number, ngramMax: number): Map<string, Float64Array> {
  const counts = new Map<string, Float64Array>();
  const tokens: string[] = [];
  for (let i = 0; i < texts.length; i++) {
    const g = groups[i];
    const t = texts[i];
    if (g < 0 || t == null) continue;
    tokens.length = 0;
    forEachToken(t.toLowerCase(), (tok) => {
      if (!ENGLISH_STOP_WORDS.has(tok)) tokens.push(tok);
    });
    for (let a = 0; a < tokens.length; a++) {
      let term = '';
      for (let len = 1; len <= ngramMax && a + len <= tokens.length; len++) {
        term = len === 1 ? tokens[a] : `${term} ${tokens[a + len - 1]}`;
        let c = counts.get(term);
        if (!c) counts.set(term, (c = new Float64Array(nGroups)));
        c[g]++;
      }
    }
  }
  return counts;
}

describe('termCountsByGroup', () => {
  const r = createRng(9);
  const odd = ['İstanbul', 'ÉCOLE', 'Straße', '𝐀𝐁', 'ΣΑΣ ΟΔΥΣΣΕΥΣ', 'a_b', 'the and of', 'x', '2019–2021', "women's", 'C++'];
  const texts: Array<string | null> = generateResumes({ n: 400, seed: 11 }).resume_text.map((t, i) =>
    i % 40 === 3 ? null : i % 7 === 2 ? t.toUpperCase() : i % 3 === 1 ? `${t} ${odd[r.int(odd.length)]}` : t,
  );
  const groups = Int32Array.from(texts, (_, i) => (i % 23 === 5 ? -1 : i % 2));

  it('gives the terms, in first-seen order, and the counts of the plain string-per-token count', () => {
    for (const ngramMax of [1, 2, 3]) {
      expect([...termCountsByGroup(texts, groups, 2, ngramMax)]).toEqual([...plainCounts(texts, groups, 2, ngramMax)]);
    }
  });

  it('names but does not count terms of a group code beyond the groups', () => {
    const t = ['Python and Rust', 'python developer'];
    expect([...termCountsByGroup(t, Int32Array.of(0, 2), 2, 2)]).toEqual([...plainCounts(t, Int32Array.of(0, 2), 2, 2)]);
    expect(termCountsByGroup(t, Int32Array.of(0, 1), 2, 0).size).toBe(0);
  });
});
