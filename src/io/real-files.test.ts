/** The real public HR files of ../shared/data (facts from its SOURCES.md) load correctly. */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { countMissing, getColumn, type Column, type Table } from '../core/table/table.ts';
import { describeWithSharedData, sharedDataPath } from '../testing/shared-data.ts';
import { importTable } from './import.ts';

const ADULT_COLUMNS = [
  'age', 'workclass', 'fnlwgt', 'education', 'education-num', 'marital-status', 'occupation', 'relationship',
  'race', 'sex', 'capital-gain', 'capital-loss', 'hours-per-week', 'native-country', 'income',
];

function read(file: string): Uint8Array {
  return new Uint8Array(readFileSync(sharedDataPath(file)));
}

function counts(c: Column, n: number): Record<string, number> {
  if (c.type !== 'category') throw new Error(`${c.name} is ${c.type}, not a category`);
  const out: Record<string, number> = {};
  for (let i = 0; i < n; i++) if (c.codes[i] >= 0) out[c.categories[c.codes[i]]] = (out[c.categories[c.codes[i]]] ?? 0) + 1;
  return out;
}

function mean(c: Column, n: number): number {
  if (c.type === 'category' || c.type === 'text') throw new Error(`${c.name} is not numeric`);
  let s = 0;
  for (let i = 0; i < n; i++) s += c.values[i];
  return s / n;
}

/** Rows with at least one missing cell. */
function rowsWithMissing(t: Table): number {
  let n = 0;
  for (let i = 0; i < t.nRows; i++) {
    if (
      t.columns.some((c) => (c.type === 'category' ? c.codes[i] < 0 : c.type === 'text' ? c.values[i] === null : Number.isNaN(c.values[i])))
    )
      n++;
  }
  return n;
}

describeWithSharedData('IBM attrition CSV (UTF-8 BOM, CRLF)', ['WA_Fn-UseC_-HR-Employee-Attrition.csv'], () => {
  it('loads 1,470 rows × 35 columns with the right values', async () => {
    const r = await importTable(read('WA_Fn-UseC_-HR-Employee-Attrition.csv'), { fileName: 'WA_Fn-UseC_-HR-Employee-Attrition.csv' });
    const t = r.table;
    expect(r.encoding).toBe('utf-8');
    expect([t.nRows, t.columns.length]).toEqual([1470, 35]);
    expect(t.columns[0].name).toBe('Age'); // no BOM left in the first name
    expect(counts(getColumn(t, 'Attrition'), t.nRows)).toEqual({ No: 1233, Yes: 237 });
    expect(counts(getColumn(t, 'Gender'), t.nRows)).toEqual({ Male: 882, Female: 588 });
    expect(mean(getColumn(t, 'MonthlyIncome'), t.nRows)).toBeCloseTo(6502.93, 2);
    expect(mean(getColumn(t, 'Age'), t.nRows)).toBeCloseTo(36.92, 2);
    expect(getColumn(t, 'EmployeeNumber')).toMatchObject({ type: 'integer', role: 'identifier' });
    expect(getColumn(t, 'Gender').role).toBe('protected');
    expect(r.problemCount).toBe(0);
  });
});

describeWithSharedData('Resume CSV (not UTF-8: Latin-1 fallback)', ['UpdatedResumeDataSet.csv'], () => {
  it('loads 962 rows with 25 categories and notes the encoding', async () => {
    const r = await importTable(read('UpdatedResumeDataSet.csv'), { fileName: 'UpdatedResumeDataSet.csv' });
    expect(r.encoding).toBe('windows-1252');
    expect(r.notes[0]).toMatch(/not valid UTF-8 \(first invalid byte at position 4,392\)/);
    expect(r.table.nRows).toBe(962);
    const cat = counts(getColumn(r.table, 'Category'), r.table.nRows);
    expect(Object.keys(cat)).toHaveLength(25);
    expect(cat['Java Developer']).toBe(84);
    expect(cat.Advocate).toBe(20);
    expect(getColumn(r.table, 'Resume')).toMatchObject({ type: 'text', role: 'text' });
    expect(r.problemCount).toBe(0);
  });
});

describeWithSharedData('UCI Adult (no header, "?" missing, junk first line in adult.test)', ['adult.data', 'adult.test'], () => {
  it('loads adult.data: 32,561 rows, 2,399 with a missing value, Male 21,790', async () => {
    const r = await importTable(read('adult.data'), { fileName: 'adult.data', columnNames: ADULT_COLUMNS });
    const t = r.table;
    expect(r.header).toBe(false);
    expect([t.nRows, t.columns.length]).toEqual([32561, 15]);
    expect(t.columns.map((c) => c.name)).toEqual(ADULT_COLUMNS);
    expect(rowsWithMissing(t)).toBe(2399);
    expect(counts(getColumn(t, 'sex'), t.nRows)).toEqual({ Male: 21790, Female: 10771 });
    expect(counts(getColumn(t, 'income'), t.nRows)).toEqual({ '<=50K': 24720, '>50K': 7841 });
    expect(getColumn(t, 'age').type).toBe('integer');
    expect(getColumn(t, 'race').role).toBe('protected');
    expect(r.problemCount).toBe(0);
  });
  it('loads adult.test: skips "|1x3 Cross validator", 16,281 rows', async () => {
    const r = await importTable(read('adult.test'), { fileName: 'adult.test', columnNames: ADULT_COLUMNS });
    const t = r.table;
    expect(r.skippedRows).toBe(1);
    expect(r.notes.join(' ')).toMatch(/1x3 Cross validator/);
    expect(t.nRows).toBe(16281);
    expect(counts(getColumn(t, 'income'), t.nRows)).toEqual({ '<=50K.': 12435, '>50K.': 3846 });
    expect(counts(getColumn(t, 'sex'), t.nRows)).toEqual({ Male: 10860, Female: 5421 });
    expect(rowsWithMissing(t)).toBe(1221);
    expect(r.problemCount).toBe(0);
  });
});

describeWithSharedData('HRDataset v14 (BOM, CRLF, m/d/yyyy dates, trailing spaces)', ['HRDataset_v14.csv'], () => {
  it('loads 311 rows × 36 columns with dates, trimmed categories and roles', async () => {
    const r = await importTable(read('HRDataset_v14.csv'), { fileName: 'HRDataset_v14.csv' });
    const t = r.table;
    expect([t.nRows, t.columns.length]).toEqual([311, 36]);
    expect(counts(getColumn(t, 'Sex'), t.nRows)).toEqual({ F: 176, M: 135 });
    expect(counts(getColumn(t, 'EmploymentStatus'), t.nRows)).toEqual({ Active: 207, 'Voluntarily Terminated': 88, 'Terminated for Cause': 16 });
    expect(mean(getColumn(t, 'EngagementSurvey'), t.nRows)).toBeCloseTo(4.11, 2);
    const term = getColumn(t, 'DateofTermination');
    expect(term).toMatchObject({ type: 'date', role: 'time' });
    expect(countMissing(term, t.nRows)).toBe(207);
    const review = getColumn(t, 'LastPerformanceReview_Date');
    expect(review.type).toBe('date');
    expect(getColumn(t, 'DOB').type).toBe('date');
    expect(getColumn(t, 'RaceDesc').role).toBe('protected');
    expect(getColumn(t, 'EmpID').role).toBe('identifier');
    const dept = getColumn(t, 'Department');
    expect(dept.type === 'category' && dept.categories.includes('Production')).toBe(true);
    expect(r.problemCount).toBe(0);
  });
});
