/**
 * A quoted value whose inner lines look like rows of their own is reported (a quote is probably missing).
 * The check counts line breaks and delimiters without splitting the value and stops early; here it is
 * held against the rule written out with split() on random values of lines with and without the
 * table's number of delimiters, and \n, \r\n and \r line breaks.
 */
import { describe, expect, it } from 'vitest';
import { createRng } from '../core/rng.ts';
import { parseCsv } from './csv.ts';

/** The rule, as split() states it: ≥ 2 inner lines, ≥ 80% of them with `nCols` values. */
function looksSwallowed(value: string, delimiter: string, nCols: number): boolean {
  const inner = value.split(/\r\n|\n|\r/).slice(1, -1);
  if (inner.length < 2) return false;
  const rowLike = inner.filter((l) => l.split(delimiter).length === nCols).length;
  return rowLike >= 0.8 * inner.length;
}

describe('swallowed lines inside a quoted value', () => {
  it('are reported exactly when most inner lines split into as many values as the table has columns', () => {
    const rng = createRng(2024);
    let reported = 0;
    for (let round = 0; round < 400; round++) {
      const d = [',', ';', '\t'][rng.int(3)];
      const nCols = 3;
      const lines: string[] = [];
      const nLines = 1 + rng.int(12);
      const rowish = rng.next();
      for (let k = 0; k < nLines; k++) {
        const values = rng.next() < rowish ? nCols : 1 + rng.int(5);
        lines.push(Array.from({ length: values }, () => ['x', 'ab', '7', ''][rng.int(4)]).join(d));
      }
      let value = '';
      for (let k = 0; k < lines.length; k++) value += (k > 0 ? ['\n', '\r\n', '\r'][rng.int(3)] : '') + lines[k];
      const quoted = `"${value.replace(/"/g, '""')}"`;
      const text = `id${d}note${d}n\n1${d}${quoted}${d}5\n2${d}plain${d}6\n`;
      const r = parseCsv(text, { delimiter: d });
      const expected = looksSwallowed(value, d, nCols);
      const got = r.problems.some((p) => p.message.includes('look like rows of their own'));
      expect(got, `${JSON.stringify(value)} (delimiter ${JSON.stringify(d)})`).toBe(expected);
      if (got) reported++;
    }
    // Both outcomes occur often enough for the comparison to mean something.
    expect(reported).toBeGreaterThan(40);
    expect(reported).toBeLessThan(360);
  });
});
