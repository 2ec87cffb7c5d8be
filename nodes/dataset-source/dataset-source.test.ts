import { describe, expect, it } from 'vitest';
import { NodeError } from '../../src/core/errors.ts';
import type { DatasetBytes, DatasetRef } from '../../src/core/node-definition.ts';
import { bytesSource } from '../../src/io/byte-source.ts';
import { withDefaults } from '../../src/core/params.ts';
import { cellValue, getColumn } from '../../src/core/table/table.ts';
import { testContext } from '../../src/runtime/testing/node-testing.ts';
import { datasetRefOf, datasetSource, importOptionsOf } from './index.ts';

const files: Record<string, string> = {
  'staff.csv': 'id,dept,pay\n1,HR,100\n2,IT,abc\n3,IT,300\n' + Array.from({ length: 60 }, (_, i) => `${i + 4},HR,${i}`).join('\n'),
  'adult-like.data': '|junk line\n39, Male, 1\n50, Female, ?\n38, Male, 3\n',
  'empty.csv': '',
  'header-only.csv': 'a,b\n',
  'de.csv': 'id;pay\n1;1.234,5\n2;2.000\n3;12,5\n4;7\n5;abc\n6;8\n',
  'people.csv': 'employee_id,e_mail,Mobile,dept\n' + Array.from({ length: 20 }, (_, i) => `${i},p${i}@example.com,+44 7700 900${100 + i},HR`).join('\n'),
};

function context(logs: string[], progress: number[] = []) {
  return testContext({
    nodeId: 'source',
    onLog: (m) => logs.push(m),
    onProgress: (f) => progress.push(f),
    readDataset: async (ref: DatasetRef) => {
      if (!(ref.name in files)) throw new NodeError(`Dataset "${ref.name}" was not found.`, { field: 'name' });
      return { name: ref.name, bytes: new TextEncoder().encode(files[ref.name]), fingerprint: ref.name };
    },
  });
}

const params = (p: Record<string, unknown>) => withDefaults(datasetSource.params, { source: 'file', ...p });

describe('dataset-source node', () => {
  it('warns about columns holding personal data, naming column, kind and what to do', async () => {
    const logs: string[] = [];
    const levels: string[] = [];
    const ctx = testContext({
      nodeId: 'source',
      onLog: (m, level) => {
        logs.push(m);
        levels.push(level);
      },
      readDataset: async (ref: DatasetRef) => ({ name: ref.name, bytes: new TextEncoder().encode(files[ref.name]), fingerprint: ref.name }),
    });
    await datasetSource.run({ inputs: {}, params: params({ name: 'people.csv' }), ctx });
    const pii = logs.filter((m) => m.includes('Personal data'));
    expect(pii).toEqual([
      'Dataset "people.csv": Column "e_mail" looks like e-mail addresses (by its name and values: 100% of 20 sampled cells match). Personal data: drop it (select-columns) before modelling and exports, or pseudonymize it (pseudonymize node) if you need it to join or count.',
      'Dataset "people.csv": Column "Mobile" looks like phone numbers (by its name and values: 100% of 20 sampled cells match). Personal data: drop it (select-columns) before modelling and exports, or pseudonymize it (pseudonymize node) if you need it to join or count.',
    ]);
    expect(levels[logs.indexOf(pii[0])]).toBe('warn');
    // no warning for a table without personal data
    const plain: string[] = [];
    await datasetSource.run({ inputs: {}, params: params({ name: 'staff.csv' }), ctx: context(plain) });
    expect(plain.some((m) => m.includes('Personal data'))).toBe(false);
  });

  it('imports from the stream of a file the host reads in place, never asking for its whole bytes', async () => {
    const text = files['staff.csv'];
    const logs: string[] = [];
    const ctx = testContext({
      nodeId: 'source',
      onLog: (m) => logs.push(m),
      readDataset: async (ref: DatasetRef) => {
        const d = { name: ref.name, fingerprint: ref.name, source: bytesSource(new TextEncoder().encode(text), 16) } as DatasetBytes;
        Object.defineProperty(d, 'bytes', {
          get() {
            throw new Error('the whole bytes were read');
          },
        });
        return d;
      },
    });
    const streamed = await datasetSource.run({ inputs: {}, params: params({ name: 'staff.csv' }), ctx });
    const plain: string[] = [];
    const whole = await datasetSource.run({ inputs: {}, params: params({ name: 'staff.csv' }), ctx: context(plain) });
    expect(streamed.table).toEqual(whole.table);
    expect(streamed.report).toEqual(whole.report);
    expect(logs).toEqual(plain);
  });

  it('declares the dataset it reads', () => {
    expect(datasetSource.capabilities?.datasets?.({ source: 'sample', name: ' promotion.csv ' })).toEqual([{ source: 'sample', name: 'promotion.csv' }]);
    expect(datasetSource.capabilities?.datasets?.({ source: 'sample', name: '' })).toEqual([]);
    expect(datasetRefOf({ source: 'bogus', name: 'x.csv' })).toEqual({ source: 'file', name: 'x.csv' });
  });

  it('reads a file into a table, logs notes and problems, and returns an import report', async () => {
    const logs: string[] = [];
    const progress: number[] = [];
    const out = await datasetSource.run({ inputs: {}, params: params({ name: 'staff.csv' }), ctx: context(logs, progress) });
    expect(out.table.nRows).toBe(63);
    expect(getColumn(out.table, 'pay').type).toBe('integer');
    expect(cellValue(getColumn(out.table, 'pay'), 1)).toBeNull();
    expect(logs[0]).toBe('Read 63 rows × 3 columns from "staff.csv".');
    expect(logs.some((l) => /1 problem while reading "staff.csv".*Row 2 \(line 3\), column "pay": "abc"/.test(l))).toBe(true);
    expect(out.report.kind).toBe('import-report');
    expect(out.report.data).toMatchObject({ fileName: 'staff.csv', rows: 63, problemCount: 1, encoding: 'utf-8', delimiter: ',' });
    expect(progress.at(-1)).toBe(1);
  });

  it('applies column names, missing markers and skip detection', async () => {
    const out = await datasetSource.run({
      inputs: {},
      params: params({ name: 'adult-like.data', columnNames: 'age, sex, n' }),
      ctx: context([]),
    });
    expect(out.table.columns.map((c) => c.name)).toEqual(['age', 'sex', 'n']);
    expect(out.table.nRows).toBe(3);
    expect(cellValue(getColumn(out.table, 'n'), 1)).toBeNull();
    expect(getColumn(out.table, 'sex').role).toBe('protected');
    const kept = await datasetSource.run({
      inputs: {},
      params: params({ name: 'adult-like.data', columnNames: 'age, sex, n', skipRows: 0, header: 'no', missingValues: '' }),
      ctx: context([]),
    });
    expect(kept.table.nRows).toBe(4);
    expect(cellValue(getColumn(kept.table, 'n'), 2)).toBe('?'); // a value now, not a missing marker
  });

  it('maps params to import options', () => {
    const o = importOptionsOf(params({ header: 'no', delimiter: 'tab', skipRows: 2, missingValues: '?, -', sheet: '2', trim: false }));
    expect(o).toMatchObject({ header: false, delimiter: '\t', skipRows: 2, missingTokens: ['?', '-'], sheet: 2, trim: false });
  });

  it('fails with a NodeError that says what to do for empty, header-only and missing files', async () => {
    const run = (name: string) => datasetSource.run({ inputs: {}, params: params({ name }), ctx: context([]) });
    await expect(run('empty.csv')).rejects.toThrow(NodeError);
    await expect(run('empty.csv')).rejects.toThrow(/Dataset "empty\.csv": "empty\.csv" is empty/);
    await expect(run('header-only.csv')).rejects.toThrow(/column names but no rows of data/);
    await expect(run('nope.csv')).rejects.toThrow(/not found/);
    await expect(datasetSource.run({ inputs: {}, params: params({ name: '' }), ctx: context([]) })).rejects.toThrow(/Dataset name/);
  });

  it('derives its schema from the host, renamed by the column names param', () => {
    const env = {
      datasetSchema: (ref: DatasetRef) =>
        ref.name === 'a.csv'
          ? {
              columns: [
                { name: 'col1', type: 'integer' as const },
                { name: 'col2', type: 'category' as const },
              ],
            }
          : undefined,
    };
    const schema = datasetSource.schema!({ inputs: {}, params: params({ name: 'a.csv', columnNames: 'age' }), env });
    expect(schema.table?.columns.map((c) => c.name)).toEqual(['age', 'col2']);
    expect(datasetSource.schema!({ inputs: {}, params: params({ name: 'b.csv' }), env })).toEqual({});
  });
  it('reads decimal commas per column, reports the format and bad cells per column, and can be strict', async () => {
    const logs: string[] = [];
    const out = await datasetSource.run({ inputs: {}, params: params({ name: 'de.csv' }), ctx: context(logs) });
    expect(Array.from({ length: 6 }, (_, i) => cellValue(getColumn(out.table, 'pay'), i))).toEqual([1234.5, 2000, 12.5, 7, null, 8]);
    const columns = (out.report.data as { columns: unknown[] }).columns;
    expect(columns[1]).toMatchObject({ name: 'pay', type: 'number', label: 'number (decimal comma, thousands separators)', badCells: 1 });
    expect(logs.some((l) => l.startsWith('Column "pay": 1 value of 6 (17%) is not a number, e.g. row 5 (line 6) "abc"'))).toBe(true);
    // Forced to a decimal point, half the values are not numbers: the column stays text and the report says why.
    const point = await datasetSource.run({ inputs: {}, params: params({ name: 'de.csv', decimalMark: 'point' }), ctx: context([]) });
    expect(getColumn(point.table, 'pay').type).toBe('text');
    expect((point.report.data as { columns: unknown[] }).columns[1]).toMatchObject({ keptAsText: '50% of its values are not numbers, e.g. row 1 (line 2) "1.234,5"' });
    await expect(datasetSource.run({ inputs: {}, params: params({ name: 'de.csv', strict: true }), ctx: context([]) })).rejects.toThrow(
      /Dataset "de\.csv": Strict import: 1 cell or row could not be read as it stands\. The first: Row 5 \(line 6\), column "pay": "abc" is not a number/,
    );
  });
});
