import { describe, expect, it } from 'vitest';
import type { ColumnSchema } from '../../core/table/table.ts';
import { protectedKindFromName, protectedKindFromValues, suggestProtectedColumns } from './protected-suggest.ts';

describe('protected columns by name', () => {
  it('finds each attribute under common spellings and languages', () => {
    const cases: Array<[string, string | undefined]> = [
      ['Gender', 'gender'],
      ['sex', 'gender'],
      ['Geschlecht', 'gender'],
      ['Age', 'age'],
      ['age_band', 'age'],
      ['DateOfBirth', 'age'],
      ['MaritalStatus', 'marital-status'],
      ['marital-status', 'marital-status'],
      ['race', 'race'],
      ['Ethnicity', 'ethnicity'],
      ['disability_status', 'disability'],
      ['Religion', 'religion'],
      ['native-country', 'nationality'],
      ['Nationality', 'nationality'],
      ['citizenship', 'nationality'],
    ];
    for (const [name, kind] of cases) expect(protectedKindFromName(name), name).toBe(kind);
  });
  it('does not match words that merely contain the letters', () => {
    for (const name of ['Department', 'PercentSalaryHike', 'StockOptionLevel', 'manager', 'wage', 'usage', 'Essex_office', 'YearsAtCompany', 'grace_days'])
      expect(protectedKindFromName(name), name).toBeUndefined();
  });
});

describe('protected columns by values', () => {
  it('recognises gender, marital status and race values', () => {
    expect(protectedKindFromValues(['Male', 'Female'])).toBe('gender');
    expect(protectedKindFromValues(['M', 'F'])).toBe('gender');
    expect(protectedKindFromValues(['Single', 'Married', 'Divorced'])).toBe('marital-status');
    expect(protectedKindFromValues(['White', 'Black', 'Asian-Pac-Islander', 'Amer-Indian-Eskimo', 'Other'])).toBe('race');
  });
  it('is not fooled by weak values alone or mostly other values', () => {
    expect(protectedKindFromValues(['Other', 'None'])).toBeUndefined();
    expect(protectedKindFromValues(['M', 'F', 'L', 'XL'])).toBeUndefined();
    expect(protectedKindFromValues(['Sales', 'Research & Development', 'Human Resources', 'Single'])).toBeUndefined();
  });
});

describe('suggestProtectedColumns on the IBM attrition columns', () => {
  const columns: ColumnSchema[] = [
    { name: 'Age', type: 'integer' },
    { name: 'Attrition', type: 'category', role: 'target', categories: ['No', 'Yes'] },
    { name: 'Department', type: 'category', categories: ['Sales', 'Research & Development', 'Human Resources'] },
    { name: 'EmployeeNumber', type: 'integer', role: 'identifier' },
    { name: 'Gender', type: 'category', categories: ['Female', 'Male'] },
    { name: 'MaritalStatus', type: 'category', categories: ['Single', 'Married', 'Divorced'] },
    { name: 'MonthlyIncome', type: 'integer' },
    { name: 'pay_band_sex', type: 'category', role: 'identifier', categories: ['Male', 'Female'] },
    { name: 'applicant_group', type: 'category', categories: ['White', 'Black', 'Asian'] },
  ];
  it('suggests Gender, Age and MaritalStatus (not only Gender), and a race column by its values', () => {
    const s = suggestProtectedColumns(columns);
    expect(s.map((x) => [x.column, x.kind, x.by])).toEqual([
      ['Age', 'age', 'name'],
      ['Gender', 'gender', 'name'],
      ['MaritalStatus', 'marital-status', 'name'],
      ['applicant_group', 'race', 'values'],
    ]);
    expect(s[3].reason).toBe('"applicant_group" holds values such as "White", "Black", "Asian", which look like race.');
  });
  it('keeps columns already marked protected and never suggests target or identifier columns', () => {
    const s = suggestProtectedColumns([
      { name: 'group', type: 'category', role: 'protected', categories: ['A', 'B'] },
      { name: 'Gender', type: 'category', role: 'target', categories: ['Male', 'Female'] },
    ]);
    expect(s.map((x) => [x.column, x.by])).toEqual([['group', 'role']]);
  });
});
