import { describe, expect, it } from 'vitest';
import { takeRows, type Table } from '../../core/table/table.ts';
import { packValue, stillPacked, unpackValue } from '../../core/table/transfer.ts';
import { fingerprintTable } from './fingerprint.ts';

/** A table as a worker receives it: text columns still packed (UTF-8 bytes), decoded only when read. */
const received = (t: Table): Table => unpackValue<Table>(packValue(t).message);

describe('fingerprintTable on a text column still packed', () => {
  const texts = ['Jane Doe, engineer – London', null, '', 'Ünïcode ✓', 'emoji 😀 and ∑', 'lone \uD83D high', 'plain ascii text', null, 'café 𝄞 end'];
  const table: Table = {
    nRows: texts.length,
    columns: [
      { name: 'resume_text', type: 'text', role: 'text', values: texts },
      { name: 'years', type: 'integer', values: Float64Array.from(texts, (_, i) => i) },
    ],
  };

  it('hashes its bytes without decoding it, to the same fingerprint as the decoded column', () => {
    const t = received(table);
    const fp = fingerprintTable(t, { kind: 'test' });
    expect(stillPacked(t.columns[0])).toBeDefined(); // not decoded by the fingerprint
    expect(fp).toBe(fingerprintTable(table, { kind: 'test' }));
    // …and changes when a character does
    const changed = received({ ...table, columns: [{ ...table.columns[0], values: texts.map((v, i) => (i === 8 ? 'café 𝄞 enD' : v)) } as Table['columns'][0], table.columns[1]] });
    expect(fingerprintTable(changed, { kind: 'test' })).not.toBe(fp);
  });

  it('hashes rows of every length at every byte alignment like their strings, also rows taken from a packed column', () => {
    // Rows start at arbitrary byte addresses; the hash reads aligned words inside a row and single bytes
    // around them, which must give the byte-at-a-time hash of the decoded strings.
    let seed = 3;
    const next = (n: number) => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) % n;
    const pieces = ['é', '–', '𝄞', 'abcdefghijklmnopqrstuvwxyz', ' ', '0123456789'];
    const rows = Array.from({ length: 500 }, () => {
      let s = '';
      for (let k = next(8); k > 0; k--) s += pieces[next(pieces.length)].slice(0, 1 + next(26));
      return next(25) ? s : null;
    });
    const plain: Table = { nRows: rows.length, columns: [{ name: 't', type: 'text', values: rows }] };
    const t = received(plain);
    expect(fingerprintTable(t, { k: 1 })).toBe(fingerprintTable(plain, { k: 1 }));
    const idx = Array.from({ length: 321 }, () => next(rows.length));
    const taken = takeRows(t, idx);
    expect(stillPacked(taken.columns[0])).toBeDefined();
    const takenPlain: Table = { nRows: idx.length, columns: [{ name: 't', type: 'text', values: idx.map((i) => rows[i]) }] };
    expect(fingerprintTable(taken, { k: 2 })).toBe(fingerprintTable(takenPlain, { k: 2 }));
  });

  it('falls back to the strings where a row boundary splits a surrogate pair', () => {
    const split: Table = { nRows: 2, columns: [{ name: 't', type: 'text', values: ['ends high \uD83D', '\uDE00 starts low'] }] };
    expect(fingerprintTable(received(split))).toBe(fingerprintTable(split));
  });
});
