import { describe, expect, it } from 'vitest';
import { hashBytes } from '../../core/hash.ts';
import { importTable } from '../../io/import.ts';
import { datasetRecord, describeProblem, isUploadedDataset, uploadName } from './dataset-record.ts';

const csv = [
  'name,age,note',
  '<img src=x onerror=alert(1)>,34,"=HYPERLINK(""http://evil"",""x"")"',
  'Bo,41,fine',
  'Cy,29,ok,extra',
  'Di,35,ok',
].join('\n');

describe('uploaded dataset record', () => {
  it('keeps rows, column types, fingerprint and every problem with row, column and value', async () => {
    const bytes = new TextEncoder().encode(csv);
    const result = await importTable(bytes, { fileName: 'people.csv' });
    const rec = datasetRecord({ name: 'people.csv', size: bytes.length, fingerprint: hashBytes(bytes), result, createdAt: 1 });
    expect(rec.id).toBe('people.csv');
    expect(rec.rows).toBe(result.table.nRows);
    expect(rec.columns.map((c) => c.name)).toEqual(['name', 'age', 'note']);
    expect(rec.columns.find((c) => c.name === 'age')?.type).toBe('integer');
    expect(rec.columns.every((c) => !('categories' in c))).toBe(true);
    expect(rec.fingerprint).toBe(hashBytes(bytes));
    expect(rec.encoding).toBe('utf-8');
    expect(rec.problemCount).toBeGreaterThan(0);
    const ragged = rec.importProblems.find((p) => p.row === 3);
    expect(ragged, JSON.stringify(rec.importProblems)).toBeDefined();
    expect(rec.problems![0]).toBe(describeProblem(rec.importProblems[0]));
    expect(isUploadedDataset(rec)).toBe(true);
  });

  it('keeps how each column was read: number format, cells left empty, why a column is text', async () => {
    const lines = ['id;pay;code'];
    for (let i = 1; i <= 20; i++) lines.push(`${i};${i === 4 ? 'abc' : `${i}.250,5`};${i % 2 ? 'x' : i}`);
    const bytes = new TextEncoder().encode(lines.join('\n'));
    const result = await importTable(bytes, { fileName: 'pay.csv' });
    const rec = datasetRecord({ name: 'pay.csv', size: bytes.length, fingerprint: hashBytes(bytes), result, createdAt: 1 });
    expect(rec.columnDetails?.map((c) => [c.name, c.label, c.badCells])).toEqual([
      ['id', 'integer', 0],
      ['pay', 'number (decimal comma, thousands separators)', 1],
      ['code', 'text', 0],
    ]);
    expect(rec.columnDetails?.[2].keptAsText).toBe('50% of its values are not numbers, e.g. row 1 (line 2) "x"');
    expect(rec.problems![0]).toBe('Row 4 (line 5), column "pay" (value "abc"): Row 4 (line 5), column "pay": "abc" is not a number, so it was left empty (missing). Correct the file or impute the value.');
  });

  it('describes problems in one line', () => {
    expect(describeProblem({ row: 4, column: 'age', value: 'abc', message: 'Not a number.' })).toBe('Row 4, column "age" (value "abc"): Not a number.');
    expect(describeProblem({ row: 0, message: 'Latin-1 assumed.' })).toBe('File: Latin-1 assumed.');
    expect(describeProblem({ row: 51, line: 52, message: 'Quote never closed.' })).toBe('Row 51 (line 52): Quote never closed.');
  });

  it('uses the base name of an uploaded file', () => {
    expect(uploadName('C:\\exports\\hris.csv')).toBe('hris.csv');
    expect(uploadName('dir/sub/x.xlsx')).toBe('x.xlsx');
    expect(uploadName('  ')).toBe('dataset.csv');
  });
});
