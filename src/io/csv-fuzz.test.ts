/**
 * CSV fuzzing with a seeded generator: well-formed files must round-trip exactly whatever the chunk
 * size; malformed ones (ragged rows, stray and unterminated quotes, huge fields) must give a table
 * with reported problems or a clear ImportError — never a crash or a hang.
 */
import { describe, expect, it } from 'vitest';
import { createRng, type Rng } from '../core/rng.ts';
import { isMissing, type Table } from '../core/table/table.ts';
import { parseCsv, recordChunks } from './csv.ts';
import { ImportError } from './problems.ts';

const ALPHABET = ['a', 'b', 'Z', '1', '7', '.', '-', ' ', ',', ';', '"', '\n', '\r\n', '\t', 'é', '?'];

function randomField(rng: Rng): string {
  const len = rng.int(8);
  let s = '';
  for (let k = 0; k < len; k++) s += ALPHABET[rng.int(ALPHABET.length)];
  return s;
}

function quote(s: string, d: string): string {
  return s.includes(d) || s.includes('"') || s.includes('\n') || s.includes('\r') ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Checks the invariants every parse result must satisfy. */
function checkTable(t: Table, problems: unknown[], problemCount: number): void {
  expect(t.nRows).toBeGreaterThanOrEqual(0);
  const names = new Set(t.columns.map((c) => c.name));
  expect(names.size).toBe(t.columns.length);
  for (const c of t.columns) {
    const len = c.type === 'category' ? c.codes.length : c.values.length;
    expect(len).toBe(t.nRows);
    if (t.nRows > 0) isMissing(c, t.nRows - 1);
  }
  expect(problems.length).toBeLessThanOrEqual(problemCount);
}

describe('CSV fuzz', () => {
  it('round-trips 300 random well-formed files exactly, for any chunk size', () => {
    const rng = createRng(20240601);
    for (let round = 0; round < 300; round++) {
      const d = [',', ';', '\t', '|'][rng.int(4)];
      const newline = rng.next() < 0.5 ? '\n' : '\r\n';
      const width = 1 + rng.int(5);
      const records: string[][] = [];
      const nRecords = 1 + rng.int(30);
      for (let r = 0; r < nRecords; r++) {
        // Ragged on purpose now and then.
        const w = rng.next() < 0.1 ? 1 + rng.int(7) : width;
        const rec = Array.from({ length: w }, () => randomField(rng));
        // A lone empty field is an empty line, which readers skip; keep records non-blank.
        if (rec.length === 1 && rec[0].trim() === '') rec[0] = 'x';
        records.push(rec);
      }
      const text = records.map((r) => r.map((f) => quote(f, d)).join(d)).join(newline) + (rng.next() < 0.5 ? newline : '');
      const chunkSize = 8 + rng.int(200);
      const got: string[][] = [];
      for (const c of recordChunks(text, d, newline, chunkSize)) {
        expect(c.errors.size, `round ${round}`).toBe(0);
        for (const r of c.records) got.push(typeof r === 'string' ? r.split(d) : r);
      }
      if (got.length > records.length) expect(got.pop()).toEqual(['']);
      expect(got, `round ${round}: ${JSON.stringify(text)}`).toEqual(records);
    }
  });

  it('never crashes on 300 random malformed files and gives the same table for any chunk size', () => {
    const rng = createRng(777);
    const pieces = ['"', '""', ',', '\n', '\r', '\r\n', 'a', '12', ' ', '?', 'NA', ';', '\t', '"x"y', '1.5', '2020-01-02'];
    for (let round = 0; round < 300; round++) {
      let text = '';
      const n = rng.int(120);
      for (let k = 0; k < n; k++) text += pieces[rng.int(pieces.length)];
      let first: Table | undefined;
      for (const chunkSize of [7, 64, 1 << 20]) {
        let r;
        try {
          r = parseCsv(text, { chunkSize, sampleRows: 1 + rng.int(20) });
        } catch (e) {
          expect(e, `round ${round}: ${JSON.stringify(text)}`).toBeInstanceOf(ImportError);
          expect(text.trim()).toBe('');
          continue;
        }
        checkTable(r.table, r.problems, r.problemCount);
        if (!first) first = r.table;
        else expect(r.table.nRows, `round ${round}: ${JSON.stringify(text)}`).toBe(first.nRows);
      }
    }
  });

  it('reports ragged rows, an unterminated quote and stray quotes with row numbers', () => {
    const r = parseCsv('name,age\nAnn,31\nBob\n"Cy, Jr",40,extra\nDee,"50\nEve,60\n');
    // Dee's quote is never closed: it is read as a character, so Eve's row is not swallowed.
    expect(r.table.nRows).toBe(5);
    const names = r.table.columns[0];
    expect(names.type === 'text' && names.values).toEqual(['Ann', 'Bob', 'Cy, Jr', 'Dee', 'Eve']);
    const rows = r.problems.map((p) => p.row);
    expect(rows).toContain(2);
    expect(rows).toContain(3);
    expect(r.problems.some((p) => p.row === 4 && /never closed/.test(p.message))).toBe(true);
  });

  it('handles the degenerate files: empty, blank, header only, duplicate headers', () => {
    expect(() => parseCsv('')).toThrow(/empty/);
    expect(() => parseCsv('\r\n\r\n')).toThrow(ImportError);
    const headerOnly = parseCsv('a;b;c\r\n');
    expect(headerOnly.table.nRows).toBe(0);
    expect(headerOnly.table.columns).toHaveLength(3);
    const dup = parseCsv('x,x,x\n1,2,3\n');
    expect(dup.table.columns.map((c) => c.name)).toEqual(['x', 'x_2', 'x_3']);
    expect(dup.problemCount).toBe(2);
  });

  it('reads a 10 MB single field (quoted or not) quickly', () => {
    const big = 'x'.repeat(10 * 1024 * 1024);
    const t0 = performance.now();
    const quoted = parseCsv(`id,blob\n1,"${big}"\n2,small\n`);
    expect(quoted.table.nRows).toBe(2);
    const blob = quoted.table.columns[1];
    expect(blob.type === 'text' && blob.values[0]?.length).toBe(big.length);
    const bare = parseCsv(`blob\n${big}\n`);
    expect(bare.table.nRows).toBe(1);
    const unterminated = parseCsv(`id,blob\n1,"${big}\n2,x\n`);
    expect(unterminated.problems.some((p) => /never closed/.test(p.message))).toBe(true);
    // Generous bound for a shared CI machine; a hang or quadratic re-parse would take minutes.
    expect(performance.now() - t0).toBeLessThan(20_000);
  });
});
