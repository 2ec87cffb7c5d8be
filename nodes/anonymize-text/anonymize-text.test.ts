import { describe, expect, it } from 'vitest';
import { anonymizeText } from './index.ts';
import { testContext } from '../../src/runtime/testing/node-testing.ts';
import { withDefaults } from '../../src/core/params.ts';
import type { Table } from '../../src/core/table/table.ts';

const table: Table = {
  nRows: 2,
  columns: [
    { name: 'resume_text', type: 'text', role: 'text', values: ["Sarah Lee, sarah@x.io. She captained the women's rugby team.", 'He likes Go.'] },
    { name: 'gender', type: 'category', codes: Int32Array.of(0, 1), categories: ['Female', 'Male'] },
  ],
  sparse: { name: 'resume_text', nCols: 1, indptr: Int32Array.of(0, 1, 1), indices: Int32Array.of(0), values: Float64Array.of(1), featureNames: ['x'] },
};

describe('anonymize-text node', () => {
  it('cleans the column, drops the stale sparse block and reports counts per category', async () => {
    const out = await anonymizeText.run({
      inputs: { table },
      params: withDefaults(anonymizeText.params, { column: 'resume_text', terms: 'rugby' }),
      ctx: testContext({ nodeId: 'anon' }),
    });
    const col = out.table.columns[0];
    expect(col.type === 'text' && col.values).toEqual(["[NAME] [NAME], [EMAIL]. [PRONOUN] captained the [GENDERED] [REDACTED] team.", '[PRONOUN] likes Go.']);
    expect(col.role).toBe('text');
    expect(out.table.sparse).toBeUndefined();
    expect(out.table.columns[1]).toBe(table.columns[1]);
    const data = out.report.data as { rowsChanged: number; total: number; categories: Array<{ category: string; count: number; topTerms: unknown[] }> };
    expect(out.report.kind).toBe('anonymization');
    expect(data.rowsChanged).toBe(2);
    expect(Object.fromEntries(data.categories.map((c) => [c.category, c.count]))).toEqual({
      names: 2,
      emails: 1,
      phones: 0,
      urls: 0,
      addresses: 0,
      birthdates: 0,
      ids: 0,
      pronouns: 2,
      gendered: 1,
      custom: 1,
    });
    expect(data.total).toBe(7);
    // names are personal data: never listed
    expect(data.categories.find((c) => c.category === 'names')!.topTerms).toEqual([]);
  });

  it('masks addresses, birth dates and ids by default, and each has its own switch', async () => {
    const text = 'Jane Doe, born on 3 March 1985, lives at 221B Baker Street; passport 123456789; call jane (at) example (dot) com.';
    const t: Table = { nRows: 1, columns: [{ name: 'note', type: 'text', values: [text] }] };
    const run = (p: Record<string, unknown>) => anonymizeText.run({ inputs: { table: t }, params: withDefaults(anonymizeText.params, { column: 'note', ...p }), ctx: testContext({ nodeId: 'anon' }) });
    const all = (await run({})).table.columns[0];
    expect(all.type === 'text' && all.values[0]).toBe('[NAME] [NAME], born on [DOB], lives at [ADDRESS]; passport [ID]; call [EMAIL].');
    const some = (await run({ addresses: false, birthdates: false, ids: false })).table.columns[0];
    // switched off, the other detectors still apply: Baker is a surname, a 9-digit number a phone number
    expect(some.type === 'text' && some.values[0]).toBe('[NAME] [NAME], born on 3 March 1985, lives at 221B [NAME] Street; passport [PHONE]; call [EMAIL].');
  });
});
