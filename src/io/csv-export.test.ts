import { describe, expect, it } from 'vitest';
import type { Table } from '../core/table/table.ts';
import { neutralizeFormula, quoteCsvField as quoteField } from '../core/escape.ts';
import { tableToCsv } from './csv-export.ts';
import { parseCsv } from './csv.ts';

const table: Table = {
  nRows: 3,
  columns: [
    { name: 'id', type: 'integer', values: new Float64Array([1, 2, 3]) },
    { name: 'note', type: 'text', values: ['=HYPERLINK("http://x")', 'a, "quoted"\nline', "-1+cmd|' /C calc'!A0"] },
    { name: 'dept', type: 'category', codes: new Int32Array([0, -1, 1]), categories: ['-5', '@sales'] },
    { name: 'pay', type: 'number', values: new Float64Array([-5.5, NaN, 1e21]) },
    { name: 'hired', type: 'date', values: new Float64Array([Date.UTC(2020, 0, 15), Date.UTC(2021, 5, 1, 13, 30), NaN]) },
    { name: 'remote', type: 'boolean', values: new Float64Array([1, 0, NaN]) },
  ],
};

describe('tableToCsv', () => {
  it('writes RFC 4180 CSV with ISO dates and neutralised formulas', () => {
    const csv = tableToCsv(table);
    expect(csv).toBe(
      'id,note,dept,pay,hired,remote\r\n' +
        `1,"'=HYPERLINK(""http://x"")",-5,-5.5,2020-01-15,true\r\n` +
        '2,"a, ""quoted""\nline",,,2021-06-01T13:30:00.000Z,false\r\n' +
        "3,'-1+cmd|' /C calc'!A0,'@sales,1e+21,,\r\n",
    );
  });
  it('round-trips through the importer', () => {
    const r = parseCsv(tableToCsv(table, { escapeFormulas: false }));
    expect(r.table.nRows).toBe(3);
    const note = r.table.columns[1];
    expect(note.type === 'text' || note.type === 'category').toBe(true);
    const hired = r.table.columns[4];
    expect(hired.type).toBe('date');
    expect(hired.type === 'date' && Array.from(hired.values.slice(0, 2))).toEqual([Date.UTC(2020, 0, 15), Date.UTC(2021, 5, 1, 13, 30)]);
  });
  it('supports other delimiters and no header', () => {
    expect(tableToCsv({ nRows: 1, columns: [table.columns[0], table.columns[3]] }, { delimiter: ';', header: false, newline: '\n' })).toBe('1;-5.5\n');
  });
});

// The escaping rules themselves are tested in src/core/escape.test.ts; these pin what the table export relies on.
describe('neutralizeFormula / quoteField', () => {
  it('prefixes formula starters but not plain numbers', () => {
    expect(neutralizeFormula('=1+2')).toBe("'=1+2");
    expect(neutralizeFormula('+1-2')).toBe("'+1-2");
    expect(neutralizeFormula('-2')).toBe('-2');
    expect(neutralizeFormula('+3.5')).toBe('+3.5');
    expect(neutralizeFormula('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(neutralizeFormula('\tcmd')).toBe("'\tcmd");
    expect(neutralizeFormula('\rcmd')).toBe("'\rcmd");
    expect(neutralizeFormula(' =1+1')).toBe("' =1+1");
    expect(neutralizeFormula("-1+cmd|' /C calc'!A0")).toBe("'-1+cmd|' /C calc'!A0");
    expect(neutralizeFormula('plain')).toBe('plain');
  });
  it('quotes only when needed', () => {
    expect(quoteField('plain', ',')).toBe('plain');
    expect(quoteField('a;b', ',')).toBe('a;b');
    expect(quoteField('a;b', ';')).toBe('"a;b"');
    expect(quoteField(' padded', ',')).toBe('" padded"');
  });
});
