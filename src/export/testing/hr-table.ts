/**
 * Test-only: a reproducible HR-like table with every feature type the featurizer handles (number,
 * integer, boolean, date, category) and, optionally, missing values, for the export tests.
 */
import type { Table } from '../../core/table/table.ts';

export function hrTable(n: number, o: { seed?: number; missing?: boolean } = {}): Table {
  let s = o.seed ?? 7;
  const next = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296;
  const pay = new Float64Array(n);
  const rating = new Float64Array(n);
  const remote = new Float64Array(n);
  const hired = new Float64Array(n);
  const dept = new Int32Array(n);
  const gender = new Int32Array(n);
  const left = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    pay[i] = 0.7 + next() * 0.6;
    rating[i] = 1 + Math.floor(next() * 5);
    remote[i] = next() < 0.4 ? 1 : 0;
    hired[i] = Date.UTC(2010, 0, 1) + Math.floor(next() * 14 * 365) * 86_400_000;
    dept[i] = Math.floor(next() * 4);
    gender[i] = next() < 0.5 ? 0 : 1;
    const years = (Date.UTC(2025, 0, 1) - hired[i]) / (365.25 * 86_400_000);
    const z = -6 * (pay[i] - 1) - 0.5 * (rating[i] - 3) + 0.8 * remote[i] - 0.15 * (years - 7) + (dept[i] === 2 ? 0.7 : 0);
    left[i] = next() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
    if (o.missing) {
      if (i % 7 === 3) pay[i] = NaN;
      if (i % 11 === 5) rating[i] = NaN;
      if (i % 13 === 2) dept[i] = -1;
    }
  }
  return {
    nRows: n,
    columns: [
      { name: 'employee_id', type: 'integer', role: 'identifier', values: Float64Array.from({ length: n }, (_, i) => i + 1) },
      { name: 'market_ratio', type: 'number', values: pay },
      { name: 'rating', type: 'integer', values: rating },
      { name: 'remote', type: 'boolean', values: remote },
      { name: 'hire_date', type: 'date', values: hired },
      { name: 'department', type: 'category', codes: dept, categories: ['Sales', 'HR', 'IT', 'Finance'] },
      { name: 'gender', type: 'category', role: 'protected', codes: gender, categories: ['F', 'M'] },
      { name: 'left', type: 'category', role: 'target', codes: left, categories: ['no', 'yes'] },
    ],
  };
}
