import { describe, expect, it } from 'vitest';
import type { RawColumnSpec } from '../../monitoring/scoring-pipeline.ts';
import { exampleRawRow, rawRowsToTable } from './raw-rows-to-table.ts';

const columns: RawColumnSpec[] = [
  { name: 'employee_id', type: 'integer', role: 'identifier', hadMissing: false, min: 1, max: 500 },
  { name: 'tenure', type: 'number', hadMissing: false, min: 0, max: 30 },
  { name: 'grade', type: 'category', hadMissing: false, levels: ['3', '4', '5'] },
  { name: 'hired', type: 'date', hadMissing: false, min: Date.UTC(2010, 0, 1), max: Date.UTC(2024, 11, 31) },
  { name: 'remote', type: 'boolean', hadMissing: false },
  { name: 'bonus', type: 'number', hadMissing: true, min: 0, max: 10 },
];
const required = ['tenure', 'grade', 'hired', 'remote', 'bonus'];
const options = { columns, required, missingAllowed: () => false };

describe('raw JSON rows typed as the training source read them', () => {
  it('builds the columns with their training types, roles and values; unsent optional columns are left out', () => {
    const { table, problems, notes } = rawRowsToTable([{ tenure: 4.5, grade: '4', hired: '2020-02-29', remote: true, bonus: null, typo: 1 }], options);
    expect(problems).toEqual([]);
    expect(table!.columns.map((c) => [c.name, c.type])).toEqual([['tenure', 'number'], ['grade', 'category'], ['hired', 'date'], ['remote', 'boolean'], ['bonus', 'number']]);
    const [tenure, grade, hired, remote, bonus] = table!.columns as Array<{ values?: Float64Array; codes?: Int32Array; categories?: string[] }>;
    expect(tenure.values![0]).toBe(4.5);
    expect(grade.categories![grade.codes![0]]).toBe('4');
    expect(hired.values![0]).toBe(Date.UTC(2020, 1, 29));
    expect(remote.values![0]).toBe(1);
    expect(Number.isNaN(bonus.values![0])).toBe(true);
    // bonus had missing values in training: allowed, and noted.
    expect(notes[0]).toEqual({ row: 1, missingColumns: { count: 1, names: ['bonus'] }, outOfRange: [], ignoredFields: ['typo'] });
  });

  it('never converts: a number as a string, a category as a number, a bad date are refused by row and column', () => {
    const ok = { tenure: 1, grade: '3', hired: '2015-06-01', remote: false, bonus: 1 };
    const { table, problems } = rawRowsToTable([ok, { ...ok, tenure: '12' }, { ...ok, grade: 4 }, { ...ok, hired: '01/06/2015', remote: 'yes' }, { ...ok, employee_id: 2.5 }], options);
    expect(table).toBeUndefined();
    expect(problems).toEqual([
      { row: 2, field: 'tenure', message: '"tenure" is the string "12"; it must be a number (JSON number) (send 12 without quotes: strings are not converted).' },
      { row: 3, field: 'grade', message: '"grade" is 4; it must be a string such as "3", "4", "5" (send "4": numbers are not converted to text).' },
      { row: 4, field: 'hired', message: '"hired" is the string "01/06/2015"; it must be a date "YYYY-MM-DD".' },
      { row: 4, field: 'remote', message: '"remote" is the string "yes"; it must be true or false.' },
      { row: 5, field: 'employee_id', message: '"employee_id" is 2.5; it must be a whole number (JSON number).' },
    ]);
  });

  it('a required column the training data always had is refused when missing, unless the model takes it missing', () => {
    const row = { grade: '3', hired: '2015-06-01', remote: false, bonus: 1 };
    expect(rawRowsToTable([row], options).problems).toEqual([
      { row: 1, field: 'tenure', message: '"tenure" is missing; the model\'s scoring pipeline reads it and the training data always had it: send a number (JSON number).' },
    ]);
    const lenient = rawRowsToTable([row], { ...options, missingAllowed: (c) => c === 'tenure' });
    expect(lenient.problems).toEqual([]);
    expect(lenient.notes[0].missingColumns).toEqual({ count: 1, names: ['tenure'] });
  });

  it('flags values outside the raw training range (dates shown as dates) and gives a pasteable example row', () => {
    const { notes } = rawRowsToTable([{ tenure: 31, grade: '5', hired: '2009-12-31', remote: true, bonus: 5 }], options);
    expect(notes[0].outOfRange).toEqual([
      { feature: 'tenure', value: 31, min: 0, max: 30, side: 'above' },
      { feature: 'hired', value: '2009-12-31', min: '2010-01-01', max: '2024-12-31', side: 'below' },
    ]);
    const example = exampleRawRow(columns, required);
    expect(example).toEqual({ tenure: 15, grade: '3', hired: '2017-07-02', remote: false, bonus: 5 });
    expect(rawRowsToTable([example], options).problems).toEqual([]);
  });
});
