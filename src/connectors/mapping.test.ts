import { describe, expect, it } from 'vitest';
import { convertValue, parseMapping, RecordMapper, suggestMapping } from './mapping.ts';
import { CANONICAL_TABLES } from './canonical.ts';

const col = (table: keyof typeof CANONICAL_TABLES, name: string) => CANONICAL_TABLES[table].find((c) => c.name === name)!;

describe('field mapping', () => {
  it('checks types: ISO dates (and date-times keep their calendar day), numbers, whole numbers, allowed labels', () => {
    expect(convertValue(col('employees', 'hire_date'), { field: 'x' }, '2021-08-03')).toEqual({ value: '2021-08-03' });
    expect(convertValue(col('employees', 'hire_date'), { field: 'x' }, '2021-08-03T23:30:00-05:00')).toEqual({ value: '2021-08-03' });
    expect(convertValue(col('employees', 'hire_date'), { field: 'x', dateOrder: 'mdy' }, '08/03/2021')).toEqual({ value: '2021-08-03' });
    expect(convertValue(col('employees', 'hire_date'), { field: 'x' }, '0000-00-00')).toEqual({ value: null });
    expect(convertValue(col('employees', 'hire_date'), { field: 'x' }, 'last spring')).toHaveProperty('problem');
    expect(convertValue(col('compensation', 'base_salary'), { field: 'x' }, '61900.00')).toEqual({ value: '61900' });
    expect(convertValue(col('compensation', 'base_salary'), { field: 'x' }, '61,900 EUR')).toHaveProperty('problem');
    expect(convertValue(col('employees', 'age'), { field: 'x' }, 35.5)).toEqual({ problem: 'is not a whole number' });
    expect(convertValue(col('resumes', 'label'), { field: 'x', values: { hired: 'Interview' } }, 'hired')).toEqual({ value: 'Interview' });
    expect(convertValue(col('resumes', 'label'), { field: 'x' }, 'maybe')).toHaveProperty('problem');
  });

  it('leaves bad values empty and reports them; drops records without a required value; fails past 20%', () => {
    const mapping = parseMapping({ table: 'employees', columns: { employee_id: 'id', age: 'age', hire_date: 'hireDate' } }, 'test');
    const m = new RecordMapper(mapping);
    expect(m.map({ id: '1', age: '34', hireDate: '2020-01-02' })).toEqual(['1', null, null, '34', '2020-01-02', null]);
    expect(m.map({ id: '2', age: 'abc', hireDate: '2020-01-02' })).toEqual(['2', null, null, null, '2020-01-02', null]);
    expect(m.map({ id: null, age: '30', hireDate: '2020-01-02' })).toBeUndefined();
    for (let i = 0; i < 7; i++) m.map({ id: String(10 + i), age: '40', hireDate: '2020-01-02' });
    expect(m.problemCount).toBe(2);
    expect(m.dropped).toBe(1);
    expect(m.problems[0].message).toBe('Record 2, column "age" (field "age"): "abc" is not a number; left empty.');
    expect(() => m.check('c')).not.toThrow();
    const bad = new RecordMapper(mapping);
    for (let i = 0; i < 10; i++) bad.map({ id: String(i), age: '30', hireDate: i < 3 ? '2020-01-02' : '02/01/2020' });
    expect(() => bad.check('hr')).toThrow(/7 of 10 values of field "hireDate" do not fit column "hire_date" \(date\).*Nothing was saved/);
  });

  it('never reads a value inherited from Object.prototype (a field named "constructor" that a record lacks is missing)', () => {
    const m = new RecordMapper(parseMapping({ table: 'terminations', columns: { employee_id: 'id', termination_date: 'd', reason: 'constructor' } }, 't'));
    expect(m.map({ id: '1', d: '2026-01-31' })).toEqual(['1', '2026-01-31', null]);
    expect(m.map({ id: '2', d: '2026-02-28', constructor: 'Resignation' })).toEqual(['2', '2026-02-28', 'Resignation']);
  });

  it('refuses mappings to unknown tables or columns and requires the identifier', () => {
    expect(() => parseMapping({ table: 'salaries', columns: {} }, 'f')).toThrow(/must be one of employees, surveys/);
    expect(() => parseMapping({ table: 'employees', columns: { employee_id: 'id', salary: 'x' } }, 'f')).toThrow(/"salary" is not a column of the employees table/);
    expect(() => parseMapping({ table: 'performance', columns: { employee_id: 'id' } }, 'f')).toThrow(/needs column "review_date"/);
  });

  it('proposes a mapping from vendor field names', () => {
    expect(suggestMapping('employees', ['id', 'displayName', 'department', 'hireDate', 'location', 'gender'])).toEqual({
      employee_id: 'id',
      department: 'department',
      gender: 'gender',
      hire_date: 'hireDate',
      location: 'location',
    });
    expect(suggestMapping('compensation', ['id', 'employeeId', 'startDate', 'rate.value', 'rate.currency'])).toEqual({
      employee_id: 'employeeId',
      effective_date: 'startDate',
      base_salary: 'rate.value',
    });
  });
});
