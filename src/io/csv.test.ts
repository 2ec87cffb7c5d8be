import { describe, expect, it } from 'vitest';
import { cellValue, type Column, type Table } from '../core/table/table.ts';
import { STILL_OPEN, guessDelimiter, openQuoteAt, parseCsv, parseCsvAsync, parseRecords } from './csv.ts';
import { ImportError } from './problems.ts';

function col(t: Table, name: string): Column {
  const c = t.columns.find((x) => x.name === name);
  if (!c) throw new Error(`no column ${name}`);
  return c;
}
const values = (t: Table, name: string) => Array.from({ length: t.nRows }, (_, i) => cellValue(col(t, name), i));

describe('parseCsv: structure', () => {
  it('detects , ; tab and | delimiters', () => {
    for (const d of [',', ';', '\t', '|']) {
      const text = ['name', 'age', 'city'].join(d) + '\n' + ['Ann', '31', 'Oslo'].join(d) + '\n' + ['Bob', '42', 'Rome'].join(d) + '\n';
      const r = parseCsv(text);
      expect(r.delimiter).toBe(d);
      expect(r.table.columns.map((c) => c.name)).toEqual(['name', 'age', 'city']);
      expect(values(r.table, 'age')).toEqual([31, 42]);
    }
  });
  it('prefers ; over , when commas are decimal separators', () => {
    expect(guessDelimiter('name;pay\nAnn;1,5\nBob;2,5\nCy;3,5\n')).toBe(';');
  });
  it('keeps quoted newlines, delimiters and doubled quotes inside a value, with CRLF line ends', () => {
    const text = 'id,comment\r\n1,"line one\r\nline two"\r\n2,"says ""hi"", then leaves"\r\n3,plain\r\n';
    const r = parseCsv(text);
    expect(r.newline).toBe('\r\n');
    expect(r.table.nRows).toBe(3);
    expect(values(r.table, 'comment')).toEqual(['line one\r\nline two', 'says "hi", then leaves', 'plain']);
    expect(r.problemCount).toBe(0);
  });
  it('gives headerless files col1..colN or the names supplied', () => {
    const text = '39, State-gov, 77516\n50, Private, 83311\n38, Private, 215646\n';
    const r = parseCsv(text);
    expect(r.header).toBe(false);
    expect(r.table.columns.map((c) => c.name)).toEqual(['col1', 'col2', 'col3']);
    expect(values(r.table, 'col2')).toEqual(['State-gov', 'Private', 'Private']);
    const named = parseCsv(text, { columnNames: ['age', 'workclass', 'fnlwgt'] });
    expect(named.table.columns.map((c) => c.name)).toEqual(['age', 'workclass', 'fnlwgt']);
    expect(named.table.nRows).toBe(3);
  });
  it('honours an explicit header setting', () => {
    const r = parseCsv('a,b\nc,d\n', { header: false });
    expect(r.table.nRows).toBe(2);
    expect(parseCsv('a,b\nc,d\n', { header: true }).table.nRows).toBe(1);
  });
  it('skips junk lines at the top and says so; skipRows overrides', () => {
    const text = '|1x3 Cross validator\n25, Private, 1\n38, Private, 2\n28, Local-gov, 3\n';
    const r = parseCsv(text);
    expect(r.skippedRows).toBe(1);
    expect(r.table.nRows).toBe(3);
    expect(r.notes.join(' ')).toMatch(/Skipped 1 line.*\|1x3 Cross validator/);
    const kept = parseCsv(text, { skipRows: 0, header: false });
    expect(kept.table.nRows).toBe(4);
    expect(kept.problemCount).toBe(1); // the junk line is a ragged row
  });
  it('makes duplicate and empty column names unique and reports them', () => {
    const r = parseCsv('id,score,score,\n1,2,3,4\n2,3,4,5\n');
    expect(r.table.columns.map((c) => c.name)).toEqual(['id', 'score', 'score_2', 'col4']);
    expect(r.problems[0]).toMatchObject({ row: 0, column: 'score_2', value: 'score' });
  });
  it('throws a clear ImportError for an empty file', () => {
    expect(() => parseCsv('')).toThrow(ImportError);
    expect(() => parseCsv('  \n\n')).toThrow(/empty/);
  });
  it('reads a header-only file as a table with no rows', () => {
    const r = parseCsv('a,b,c\n');
    expect(r.table.nRows).toBe(0);
    expect(r.table.columns.map((c) => c.name)).toEqual(['a', 'b', 'c']);
  });
});

describe('parseCsv: types, missing values and problems', () => {
  const text = [
    'emp_id,dept,salary,rating,hired,remote,sex,notes',
    '1,Sales,50000.5,3,2020-01-15,true,F ,ok',
    '2,HR,?,4,2019-03-01,false,M ,',
    '3,Sales,61000,NA,,TRUE,F,N/A',
    '4,HR,48000,5,2021-07-30,false,M,null',
  ].join('\n');
  const r = parseCsv(text);
  it('infers integer, number, category, date and boolean columns', () => {
    const types = Object.fromEntries(r.table.columns.map((c) => [c.name, c.type]));
    expect(types).toEqual({
      emp_id: 'integer',
      dept: 'category',
      salary: 'number',
      rating: 'integer',
      hired: 'date',
      remote: 'boolean',
      sex: 'category',
      notes: 'category',
    });
    expect(values(r.table, 'hired')).toEqual(['2020-01-15', '2019-03-01', null, '2021-07-30']);
    expect(values(r.table, 'remote')).toEqual([true, false, true, false]);
  });
  it('reads ?, NA, N/A, null and empty cells as missing', () => {
    expect(values(r.table, 'salary')).toEqual([50000.5, null, 61000, 48000]);
    expect(values(r.table, 'rating')).toEqual([3, 4, null, 5]);
    expect(values(r.table, 'notes')).toEqual(['ok', null, null, null]);
  });
  it('trims spaces so "M " and "M" are one category', () => {
    const sex = col(r.table, 'sex');
    expect(sex.type === 'category' && sex.categories).toEqual(['F', 'M']);
  });
  it('guesses roles: identifier, protected, time', () => {
    const roles = Object.fromEntries(r.table.columns.map((c) => [c.name, c.role]));
    expect(roles.emp_id).toBe('identifier');
    expect(roles.sex).toBe('protected');
    expect(roles.hired).toBe('time');
    expect(roles.salary).toBeUndefined();
  });
  it('uses only the configured missing tokens', () => {
    const r2 = parseCsv('a,b\nx,NA\ny,NA\nz,?\n', { missingTokens: ['?'] });
    expect(values(r2.table, 'b')).toEqual(['NA', 'NA', null]);
  });
  it('reports a value that does not fit a number column, leaves it missing, keeps the rest', () => {
    const lines = ['id,pay'];
    for (let i = 1; i <= 100; i++) lines.push(`${i},${i === 57 ? 'abc' : 1000 + i}`);
    const res = parseCsv(lines.join('\n'));
    const pay = col(res.table, 'pay');
    expect(pay.type).toBe('integer');
    expect(cellValue(pay, 56)).toBeNull();
    expect(cellValue(pay, 57)).toBe(1058);
    expect(res.problemCount).toBe(1);
    expect(res.problems[0]).toMatchObject({ row: 57, line: 58, column: 'pay', value: 'abc' });
    expect(res.problems[0].message).toMatch(/Row 57 \(line 58\), column "pay": "abc" is not a number.*missing/);
  });
  it('reports ragged rows with their row numbers and values', () => {
    const res = parseCsv('a,b,c\n1,2,3\n4,5\n6,7,8,9\n');
    expect(res.table.nRows).toBe(3);
    expect(values(res.table, 'c')).toEqual([3, null, 8]);
    expect(res.problems.map((p) => p.row)).toEqual([2, 3]);
    expect(res.problems[1].value).toBe('9');
    expect(res.notes.join(' ')).toMatch(/2 problems found: 2 rows with the wrong number of values/);
  });
  it('falls back to text when values after the sample contradict the inferred type', () => {
    const lines = ['id,code'];
    for (let i = 0; i < 300; i++) lines.push(`${i},${i < 100 ? i : `A${i}`}`);
    // Sample of 50 rows sees only numbers; 200 later values are not numbers: too many to report, so
    // the column must become text with every original value kept, even across chunk boundaries.
    const res = parseCsv(lines.join('\n'), { sampleRows: 50, chunkSize: 256 });
    const code = col(res.table, 'code');
    expect(code.type).toBe('text');
    expect(cellValue(code, 7)).toBe('7');
    expect(cellValue(code, 299)).toBe('A299');
    expect(res.problemCount).toBe(0);
    expect(res.notes.join(' ')).toMatch(/Column "code" looked like numbers in the first rows but was kept as text: 200 values of 300 \(67%\) are not numbers, e.g. row 101 \(line 102\) "A100"/);
    expect(res.columns[1]).toMatchObject({ name: 'code', type: 'text', badCells: 0 });
    expect(res.columns[1].keptAsText).toMatch(/200 values of 300 \(67%\) are not numbers/);
  });
  it('widens integers to numbers when decimals appear after the sample', () => {
    const lines = ['x'];
    for (let i = 0; i < 200; i++) lines.push(i < 150 ? String(i) : `${i}.5`);
    const res = parseCsv(lines.join('\n'), { sampleRows: 20, header: true });
    expect(col(res.table, 'x').type).toBe('number');
    expect(cellValue(col(res.table, 'x'), 199)).toBe(199.5);
  });
  it('infers the type of a column that was empty in the sample from its later values', () => {
    const lines = ['a,b'];
    for (let i = 0; i < 100; i++) lines.push(`${i},${i < 60 ? '' : i * 2}`);
    const res = parseCsv(lines.join('\n'), { sampleRows: 30 });
    expect(col(res.table, 'b').type).toBe('integer');
    expect(cellValue(col(res.table, 'b'), 99)).toBe(198);
    expect(cellValue(col(res.table, 'b'), 0)).toBeNull();
  });
  it('tells categories from free text', () => {
    const lines = ['dept,comment'];
    for (let i = 0; i < 60; i++) lines.push(`${['Sales', 'HR', 'IT'][i % 3]},"Employee ${i} said the onboarding took ${i} days, which felt long"`);
    const res = parseCsv(lines.join('\n'));
    expect(col(res.table, 'dept').type).toBe('category');
    expect(col(res.table, 'comment')).toMatchObject({ type: 'text', role: 'text' });
  });
});

describe('parseRecords', () => {
  it('splits whole records only and reports the characters consumed', () => {
    const input = 'a,b\n1,"x\ny"\n2,"unfinished';
    const r = parseRecords(input, ',', '\n', true);
    // Unquoted lines come back whole (split later); quoted records as fields.
    expect(r.records).toEqual(['a,b', ['1', 'x\ny']]);
    expect(r.cursor).toBe('a,b\n1,"x\ny"\n'.length);
    const all = parseRecords(input, ',', '\n', false);
    // The quote is never closed: read as an ordinary character, the record keeps its own line.
    expect(all.records[2]).toEqual(['2', '"unfinished']);
    expect(all.errors.get(2)).toMatchObject({ line: 4, message: expect.stringMatching(/opens at line 4 .*never closed/) });
  });
});

describe('openQuoteAt', () => {
  it('follows the quoting state like papaparse: quotes open only at a field start', () => {
    expect(openQuoteAt('1,"a,b",2', ',', 0)).toBe(-1);
    expect(openQuoteAt('1,"a,b', ',', 0)).toBe(2);
    expect(openQuoteAt('1,O"Brien,2', ',', 0)).toBe(-1);
    expect(openQuoteAt('1,O"Brien,"x', ',', 0)).toBe(10);
    expect(openQuoteAt('"say ""hi"" and', ',', 0)).toBe(0);
    expect(openQuoteAt('still inside', ',', STILL_OPEN)).toBe(STILL_OPEN);
    expect(openQuoteAt('end" of it,2', ',', STILL_OPEN)).toBe(-1);
    expect(openQuoteAt('end",2,"again', ',', STILL_OPEN)).toBe(7);
  });
});

describe('parseCsvAsync', () => {
  it('gives the same table as parseCsv and reports progress up to 1', async () => {
    const lines = ['id,dept,pay'];
    for (let i = 0; i < 2000; i++) lines.push(`${i},${i % 2 ? 'A' : 'B'},${i * 1.5}`);
    const text = lines.join('\n');
    const progress: number[] = [];
    let checkpoints = 0;
    const r = await parseCsvAsync(text, { chunkSize: 4096 }, {
      onProgress: (f) => progress.push(f),
      checkpoint: async () => {
        checkpoints++;
      },
    });
    const s = parseCsv(text);
    expect(r.table).toEqual(s.table);
    expect(checkpoints).toBeGreaterThan(5);
    expect(progress.at(-1)).toBe(1);
    expect(progress.every((p, i) => i === 0 || p >= progress[i - 1])).toBe(true);
  });
  it('stops when the checkpoint throws (cancellation)', async () => {
    const text = 'a\n' + '1\n'.repeat(10000);
    await expect(
      parseCsvAsync(text, { chunkSize: 1000 }, {
        checkpoint: async () => {
          throw Object.assign(new Error('Stopped by the user.'), { name: 'AbortError' });
        },
      }),
    ).rejects.toThrow('Stopped by the user.');
  });
});
