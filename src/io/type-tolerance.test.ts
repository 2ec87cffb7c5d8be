/**
 * Import never changes a column's type silently (issue 12, item 3): a few bad cells keep the type and
 * are reported; overflow is a problem, not Infinity; thousands separators and decimal commas are read
 * under a stated convention; a huge cell does not turn numbers into text; a text column says why.
 */
import { describe, expect, it } from 'vitest';
import { cellValue, type Column, type Table } from '../core/table/table.ts';
import { parseCsv } from './csv.ts';
import { importTable } from './import.ts';
import { ImportError } from './problems.ts';

function col(t: Table, name: string): Column {
  const c = t.columns.find((x) => x.name === name);
  if (!c) throw new Error(`no column ${name}`);
  return c;
}
const values = (t: Table, name: string) => Array.from({ length: t.nRows }, (_, i) => cellValue(col(t, name), i));
const enc = (s: string) => new TextEncoder().encode(s);

/** 1,400 salaries where every tenth cell is "abc<k>" (140 distinct bad values, as in the issue). */
function salariesWithBadCells(): string {
  const lines = ['id,pay'];
  for (let i = 1; i <= 1400; i++) lines.push(`${i},${i % 10 === 3 ? `abc${(i - 3) / 10}` : 40000 + i}`);
  return lines.join('\n');
}

describe('a column with a few bad cells keeps its type', () => {
  it('keeps a numeric column with 10% "abc" cells numeric, leaves them missing and reports each (row, line, column, value)', () => {
    const r = parseCsv(salariesWithBadCells());
    const pay = col(r.table, 'pay');
    expect(pay.type).toBe('integer');
    expect(values(r.table, 'pay').slice(0, 4)).toEqual([40001, 40002, null, 40004]);
    expect(r.problemCount).toBe(140);
    expect(r.problems[0]).toMatchObject({ row: 3, line: 4, column: 'pay', value: 'abc0' });
    expect(r.problems[0].message).toBe(
      'Row 3 (line 4), column "pay": "abc0" is not a number, so it was left empty (missing). Correct the file or impute the value.',
    );
    expect(r.problems[139]).toMatchObject({ row: 1393, line: 1394, value: 'abc139' });
    // The summary says how many cells per column.
    expect(r.columns[1]).toMatchObject({ name: 'pay', type: 'integer', badCells: 140, overflowCells: 0 });
    const notes = r.notes.join('\n');
    expect(notes).toContain('Column "pay": 140 values of 1,400 (10%) are not numbers, e.g. row 3 (line 4) "abc0"; they were left empty (missing)');
    expect(notes).toContain(`140 problems found: 140 values that did not match their column's type, left empty ("pay" 140).`);
  });

  it('keeps the type when the bad cells only appear after the sample', () => {
    const r = parseCsv(salariesWithBadCells(), { sampleRows: 2 });
    expect(col(r.table, 'pay').type).toBe('integer');
    expect(r.problemCount).toBe(140);
  });

  it('does the same for dates and true/false columns', () => {
    const lines = ['hired,remote'];
    for (let i = 0; i < 50; i++) lines.push(`${i % 10 === 4 ? 'soon' : `2021-03-${String((i % 28) + 1).padStart(2, '0')}`},${i % 10 === 7 ? 'maybe' : i % 2 ? 'true' : 'false'}`);
    const r = parseCsv(lines.join('\n'));
    expect(col(r.table, 'hired').type).toBe('date');
    expect(col(r.table, 'remote').type).toBe('boolean');
    expect(values(r.table, 'hired')[4]).toBeNull();
    expect(values(r.table, 'remote')[7]).toBeNull();
    expect(r.columns.map((c) => c.badCells)).toEqual([5, 5]);
    expect(r.problems[0]).toMatchObject({ row: 5, column: 'hired', value: 'soon' });
    expect(r.problems[0].message).toMatch(/"soon" is not a date/);
  });

  it('keeps a column as text past 20% and says why, with the share and the first row', () => {
    const lines = ['id,score'];
    for (let i = 1; i <= 100; i++) lines.push(`${i},${i % 4 === 2 ? 'n.a.' : i * 3}`);
    const r = parseCsv(lines.join('\n'));
    expect(col(r.table, 'score').type).toBe('text');
    expect(r.columns[1].keptAsText).toBe('25% of its values are not numbers, e.g. row 2 (line 3) "n.a."');
    expect(r.notes.join('\n')).toContain(
      'Column "score" was kept as text: 25% of its values are not numbers, e.g. row 2 (line 3) "n.a.". A column is read as numbers when at most 20% of its values are not',
    );
  });

  it('says why a column of numbers with leading zeros stays text', () => {
    const r = parseCsv('zip,n\n02134,1\n10001,2\n60601,3\n');
    expect(col(r.table, 'zip').type).not.toBe('integer');
    expect(r.columns[0].keptAsText).toMatch(/codes, not amounts: e.g. "02134" has leading zeros/);
  });

  it('fails in strict mode, naming the first cells', async () => {
    const run = importTable(enc(salariesWithBadCells()), { fileName: 'pay.csv', strict: true });
    await expect(run).rejects.toThrow(ImportError);
    await expect(run).rejects.toThrow(/^Strict import: 140 cells or rows could not be read as they stand\. The first: Row 3 \(line 4\), column "pay": "abc0" is not a number.*\| Row 13 \(line 14\)/);
    // Clean files pass strict mode.
    const ok = await importTable(enc('a,b\n1,x\n2,y\n'), { strict: true });
    expect(ok.table.nRows).toBe(2);
  });
});

describe('numbers too large to store', () => {
  it('reports 1e309 and -1e309 (row, column, value) and leaves them missing, never Infinity', () => {
    const r = parseCsv('id,x\n1,1.5\n2,1e309\n3,-1e309\n4,2\n');
    const x = col(r.table, 'x');
    expect(x.type).toBe('number');
    expect(values(r.table, 'x')).toEqual([1.5, null, null, 2]);
    if (x.type === 'number') expect(Array.from(x.values).some((v) => v === Infinity || v === -Infinity)).toBe(false);
    expect(r.problems.map((p) => [p.row, p.column, p.value])).toEqual([
      [2, 'x', '1e309'],
      [3, 'x', '-1e309'],
    ]);
    expect(r.problems[0].message).toMatch(/"1e309" is too large to store as a number/);
    expect(r.columns[1]).toMatchObject({ overflowCells: 2, badCells: 0 });
  });

  it('fails in strict mode', () => {
    expect(() => parseCsv('id,x\n1,1.5\n2,1e309\n', { strict: true })).toThrow(/Strict import: 1 cell or row.*"1e309" is too large/);
  });
});

describe('thousands separators and decimal commas', () => {
  it('reads "1,234.5" (quoted, comma-separated file) as 1234.5 and says so', () => {
    const r = parseCsv('id,salary\n1,"1,234.5"\n2,"52,000.75"\n3,999.5\n4,"1,000,000"\n');
    expect(values(r.table, 'salary')).toEqual([1234.5, 52000.75, 999.5, 1000000]);
    expect(r.columns[1]).toMatchObject({ type: 'number', format: 'thousands separators', label: 'number (thousands separators)' });
    expect(r.notes.join('\n')).toContain('Column "salary": numbers written with thousands separators (e.g. row 1 (line 2) "1,234.5" = 1234.5).');
    expect(r.problemCount).toBe(0);
  });

  it('reads "1.234,5", "12,5" and "1 234,5" with a decimal comma', () => {
    const r = parseCsv('id;salary;rating;bonus\n1;1.234,5;12,5;1 234,5\n2;48.000,25;3,75;500\n3;950;4;2 000,5\n');
    expect(values(r.table, 'salary')).toEqual([1234.5, 48000.25, 950]);
    expect(values(r.table, 'rating')).toEqual([12.5, 3.75, 4]);
    expect(values(r.table, 'bonus')).toEqual([1234.5, 500, 2000.5]);
    expect(r.columns[1].label).toBe('number (decimal comma, thousands separators)');
    expect(r.columns[2].label).toBe('number (decimal comma)');
    expect(r.notes.join('\n')).toContain('Column "rating": numbers written with a decimal comma (e.g. row 1 (line 2) "12,5" = 12.5).');
  });

  it('reads ambiguous "1,234" by the rest of the file, else as 1234 (or 1.234 in a ";" file), with a note', () => {
    const alone = parseCsv('id,pay\n1,"1,234"\n2,"12,500"\n');
    expect(values(alone.table, 'pay')).toEqual([1234, 12500]);
    expect(alone.notes.join('\n')).toContain(
      'Column "pay": values such as "1,234" could mean 1234 or 1.234; they were read with a decimal point (1,234 = 1234) because nothing else in the file says otherwise (the default).',
    );
    const besideComma = parseCsv('pay;rate\n1,234;0,5\n2,500;1,25\n');
    expect(values(besideComma.table, 'pay')).toEqual([1.234, 2.5]);
    expect(besideComma.notes.join('\n')).toMatch(/read with a decimal comma \(1,234 = 1\.234\) because the other number columns of the file use a decimal comma/);
    const semicolon = parseCsv('id;pay\n1;1,234\n2;2,500\n');
    expect(values(semicolon.table, 'pay')).toEqual([1.234, 2.5]);
  });

  it('lets the user force the convention', () => {
    const text = 'id,pay\n1,"1,234"\n2,"2,500"\n';
    expect(values(parseCsv(text, { decimalMark: 'comma' }).table, 'pay')).toEqual([1.234, 2.5]);
    expect(values(parseCsv(text, { decimalMark: 'point' }).table, 'pay')).toEqual([1234, 2500]);
    // Forced point: "12,5" is not a number under it, so it is reported (not read as 125).
    const r = parseCsv('id;pay\n1;12,5\n2;3.5\n3;4\n4;5\n5;6\n', { decimalMark: 'point' });
    expect(values(r.table, 'pay')).toEqual([null, 3.5, 4, 5, 6]);
    expect(r.problems[0].message).toMatch(/"12,5" is written with a decimal comma, but this column's numbers use a decimal point/);
  });

  it('does not read dates, versions or lists as grouped numbers', () => {
    const r = parseCsv('a,b,c\n15.01.2020,1.2.3,"1,2,3"\n16.01.2020,1.2.4,"3,4,5"\n');
    expect(r.table.columns.map((c) => c.type)).toEqual(['date', 'category', 'category']);
  });
});

describe('a huge cell', () => {
  it('does not turn a numeric column into text: the 10 MB cell is reported and left missing', () => {
    const big = 'x'.repeat(10 * 1024 * 1024);
    const lines = ['id,age'];
    for (let i = 1; i <= 20; i++) lines.push(`${i},${i === 7 ? big : 20 + i}`);
    const r = parseCsv(lines.join('\n'));
    expect(col(r.table, 'age').type).toBe('integer');
    expect(values(r.table, 'age')[6]).toBeNull();
    expect(values(r.table, 'age')[7]).toBe(28);
    expect(r.problems[0]).toMatchObject({ row: 7, line: 8, column: 'age' });
    expect(r.problems[0].message).toMatch(/is 10,485,760 characters long, too long to be a number/);
    expect(r.problems[0].value!.length).toBeLessThan(200);
  });
});

describe('an unterminated quote', () => {
  it('is reported with the line where it opened and how many lines it would swallow; no row vanishes', () => {
    const lines = ['id,name,score'];
    for (let i = 1; i <= 400; i++) lines.push(`${i},${i === 51 ? '"Bob' : `n${i}`},${i}`);
    const r = parseCsv(lines.join('\n') + '\n');
    expect(r.table.nRows).toBe(400);
    expect(values(r.table, 'score')[399]).toBe(400);
    expect(values(r.table, 'name')[50]).toBe('"Bob');
    expect(r.problemCount).toBe(1);
    expect(r.problems[0]).toMatchObject({ row: 51, line: 52 });
    expect(r.problems[0].message).toMatch(/^Row 51 \(line 52\): the quote that opens at line 52 \("\\"Bob,51"…\) is never closed, so it would have swallowed the 349 lines after it, to the end of the file, into one value\./);
    expect(r.notes.join('\n')).toContain('1 problem found: 1 quoting problem.');
  });

  it('keeps lines right after multi-line quoted values and across chunks', () => {
    const lines = ['id,comment'];
    for (let i = 1; i <= 300; i++) lines.push(i % 50 === 0 ? `${i},"two\nlines"` : `${i},c${i}`);
    lines.push('301,"never closed');
    lines.push('302,after');
    const r = parseCsv(lines.join('\n'), { chunkSize: 512 });
    expect(r.table.nRows).toBe(302);
    // 6 quoted values of two lines each come before: row 301 starts on line 308.
    expect(r.problems[0]).toMatchObject({ row: 301, line: 308 });
    expect(r.problems[0].message).toMatch(/opens at line 308 .*swallowed the 1 line after it/);
  });

  it('finds the quote that is never closed after a multi-line value of the same row', () => {
    const r = parseCsv('id,a,b\n1,"multi\nline","never\n2,x,y\n3,x,y\n');
    expect(r.table.nRows).toBe(3);
    expect(values(r.table, 'a')).toEqual(['multi\nline', 'x', 'x']);
    expect(values(r.table, 'b')).toEqual(['"never', 'y', 'y']);
    expect(r.problems[0]).toMatchObject({ row: 1, line: 2 });
    expect(r.problems[0].message).toMatch(/the quote that opens at line 3 \("\\"never"…\) is never closed, so it would have swallowed the 2 lines after it/);
    expect(values(parseCsv('id,a,b\n1,"multi\nline","never\n2,x,y\n3,x,y\n', { chunkSize: 8 }).table, 'b')).toEqual(['"never', 'y', 'y']);
  });

  it('reports lines swallowed by a stray quote that a later stray quote closes', () => {
    const lines = ['id,name,score'];
    for (let i = 1; i <= 400; i++) lines.push(`${i},${i === 51 ? '"Bob' : i === 200 ? 'Al"' : `n${i}`},${i}`);
    const r = parseCsv(lines.join('\n'));
    // The value is read as the quotes say (rows 52–199 inside one value), but not silently.
    expect(r.table.nRows).toBe(400 - 149);
    expect(r.problemCount).toBe(1);
    expect(r.problems[0]).toMatchObject({ row: 51, line: 52, column: 'name' });
    expect(r.problems[0].message).toMatch(
      /^Row 51 \(line 52\), column "name": the quoted value runs over 149 more lines \(lines 52–201\), and all of them look like rows of their own \(3 values each, e.g. "52,n52,52"\)\. A quote is probably missing or extra/,
    );
    // Legitimate multi-line values (a comment with line breaks) are not flagged.
    const ok = parseCsv('id,comment,score\n1,"first line\nsecond line\nthird, with a comma\nlast",5\n2,x,6\n');
    expect(ok.problemCount).toBe(0);
  });

  it('fails in strict mode', () => {
    expect(() => parseCsv('a,b\n1,"x\n2,y\n', { strict: true })).toThrow(
      'Strict import: 1 cell or row could not be read as it stands. The first: Row 1 (line 2): the quote that opens at line 2 ("\\"x"…) is never closed, so it would have swallowed the 1 line after it, to the end of the file, into one value. Correct the file',
    );
  });
});
