import { describe, expect, it } from 'vitest';
import type { Table } from '../../core/table/table.ts';
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

  it('falls back to the strings where a row boundary splits a surrogate pair', () => {
    const split: Table = { nRows: 2, columns: [{ name: 't', type: 'text', values: ['ends high \uD83D', '\uDE00 starts low'] }] };
    expect(fingerprintTable(received(split))).toBe(fingerprintTable(split));
  });
});
