import { describe, expect, it } from 'vitest';
import { withDefaults } from '../../src/core/params.ts';
import type { Table } from '../../src/core/table/table.ts';
import { testContext } from '../../src/runtime/testing/node-testing.ts';
import { csvFileName, exportTable } from './index.ts';

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
    expect(file.data.csv).toBe("employee_id,comment,score\r\n7,'=cmd|calc,0.25\r\n8,fine; thanks,\r\n");
    expect(logs[0]).toBe('Exported 2 rows × 3 columns to scores.csv.');
  });

  it('uses semicolons and can leave formulas alone', async () => {
    const { file } = await exportTable.run({
      inputs: { table },
      params: withDefaults(exportTable.params, { delimiter: 'semicolon', escapeFormulas: false }),
      ctx: testContext({ nodeId: 'export' }),
    });
    expect(file.data.csv).toBe('employee_id;comment;score\r\n7;=cmd|calc;0.25\r\n8;"fine; thanks";\r\n');
  });

  it('makes safe file names', () => {
    expect(csvFileName('../../etc/passwd')).toBe('passwd.csv');
    expect(csvFileName('Q3 scores.CSV')).toBe('Q3 scores.CSV');
    expect(csvFileName('  ')).toBe('export.csv');
    expect(csvFileName('a:b*c')).toBe('a_b_c.csv');
  });
});
