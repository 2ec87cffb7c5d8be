import { describe, expect, it } from 'vitest';
import { withDefaults } from '../../src/core/params.ts';
import type { Table } from '../../src/core/table/table.ts';
import { tableToCsv } from '../../src/io/csv-export.ts';
import { packOutputsForHost, unpackValue } from '../../src/core/table/transfer.ts';
import { testContext } from '../../src/runtime/testing/node-testing.ts';
import { tableToCsvBytes } from './csv-bytes.ts';
import { csvFileName, exportTable } from './index.ts';

const text = (bytes: unknown) => {
  expect(bytes).toBeInstanceOf(Uint8Array);
  return new TextDecoder().decode(bytes as Uint8Array);
};

const table: Table = {
  nRows: 2,
  columns: [
    { name: 'employee_id', type: 'integer', values: new Float64Array([7, 8]) },
    { name: 'comment', type: 'text', values: ['=cmd|calc', 'fine; thanks'] },
    { name: 'score', type: 'number', values: new Float64Array([0.25, NaN]) },
  ],
};

describe('export-table node', () => {
  it('produces a csv-export document the host saves', async () => {
    const logs: string[] = [];
    const { file } = await exportTable.run({
      inputs: { table },
      params: withDefaults(exportTable.params, { fileName: 'scores' }),
      ctx: testContext({ nodeId: 'export', onLog: (m) => logs.push(m) }),
    });
    expect(file.kind).toBe('csv-export');
    expect(file.data.fileName).toBe('scores.csv');
    expect(text(file.data.csv)).toBe("employee_id,comment,score\r\n7,'=cmd|calc,0.25\r\n8,fine; thanks,\r\n");
    expect(logs[0]).toBe('Exported 2 rows × 3 columns to scores.csv.');
  });

  it('uses semicolons and can leave formulas alone', async () => {
    const { file } = await exportTable.run({
      inputs: { table },
      params: withDefaults(exportTable.params, { delimiter: 'semicolon', escapeFormulas: false }),
      ctx: testContext({ nodeId: 'export' }),
    });
    expect(text(file.data.csv)).toBe('employee_id;comment;score\r\n7;=cmd|calc;0.25\r\n8;"fine; thanks";\r\n');
  });

  it('moves the file to the host thread as bytes, without a string', async () => {
    const { file } = await exportTable.run({ inputs: { table }, params: withDefaults(exportTable.params, {}), ctx: testContext({ nodeId: 'export' }) });
    const csv = file.data.csv as Uint8Array;
    const { message, transfer } = packOutputsForHost({ file });
    expect(transfer).toContain(csv.buffer);
    const back = unpackValue<{ file: { data: { csv: unknown } } }>(message);
    expect(text(back.file.data.csv)).toBe(text(csv));
  });

  it('writes the same bytes as encoding the whole CSV text at once, block by block', () => {
    // Non-ASCII text (two-, three- and four-byte UTF-8), a lone surrogate, quotes, line breaks, formulas
    // after spaces, categories, dates, booleans and missing values, over many blocks of rows.
    const n = 1000;
    const words = ['Zoë', '東京', '🙂 ok', 'a "quoted", text', 'two\nlines', '  =1+1', '-5', 'lone \ud800 half', '@user', ''];
    const big: Table = {
      nRows: n,
      columns: [
        { name: 'id', type: 'integer', values: Float64Array.from({ length: n }, (_, i) => i) },
        { name: 'note', type: 'text', values: Array.from({ length: n }, (_, i) => (i % 11 === 0 ? null : words[i % words.length])) },
        { name: 'team', type: 'category', categories: ['Sales', '=HR', 'R&D, Paris'], codes: Int32Array.from({ length: n }, (_, i) => (i % 7 === 0 ? -1 : i % 3)) },
        { name: 'hired', type: 'date', values: Float64Array.from({ length: n }, (_, i) => (i % 5 === 0 ? NaN : Date.UTC(2020, 0, 1 + i))) },
        { name: 'active', type: 'boolean', values: Float64Array.from({ length: n }, (_, i) => i % 2) },
        { name: 'score', type: 'number', values: Float64Array.from({ length: n }, (_, i) => (i % 9 === 0 ? NaN : i / 7 - 30)) },
      ],
    };
    for (const options of [{}, { delimiter: ';', escapeFormulas: false }, { delimiter: '\t', header: false }]) {
      const whole = new TextEncoder().encode(tableToCsv(big, options));
      for (const rowsPerBlock of [1, 7, 256, 5000]) expect(tableToCsvBytes(big, options, rowsPerBlock)).toEqual(whole);
    }
    // No rows: the header line alone.
    expect(text(tableToCsvBytes({ nRows: 0, columns: big.columns.slice(0, 2) }, {}, 7))).toBe('id,note\r\n');
  });

  it('makes safe file names', () => {
    expect(csvFileName('../../etc/passwd')).toBe('passwd.csv');
    expect(csvFileName('Q3 scores.CSV')).toBe('Q3 scores.CSV');
    expect(csvFileName('  ')).toBe('export.csv');
    expect(csvFileName('a:b*c')).toBe('a_b_c.csv');
  });
});
