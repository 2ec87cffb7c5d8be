import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { explainTerm } from '../glossary.ts';

/** Every <Term k="…"> used by the viewers must have a glossary entry, or the tooltip silently vanishes. */
describe('viewer glossary terms', () => {
  it('all resolve', () => {
    const dir = path.dirname(new URL(import.meta.url).pathname);
    const keys = new Set<string>();
    for (const f of readdirSync(dir).filter((f) => f.endsWith('.tsx'))) {
      const src = readFileSync(path.join(dir, f), 'utf8');
      for (const m of src.matchAll(/<Term k="([^"]+)">/g)) keys.add(m[1]);
      for (const m of src.matchAll(/term: '([^']+)'/g)) keys.add(m[1]);
      // headline cards of the metrics viewer are Terms keyed by the metric name
      if (f === 'MetricsViewer.tsx') for (const m of src.matchAll(/\{ key: '([a-z0-9]+)', label/g)) keys.add(m[1]);
    }
    expect(keys.size).toBeGreaterThan(10);
    const missing = [...keys].filter((k) => !explainTerm(k));
    expect(missing).toEqual([]);
  });
});
