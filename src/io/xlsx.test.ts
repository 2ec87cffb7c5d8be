import { describe, expect, it } from 'vitest';
import writeXlsxFile from 'write-excel-file/universal';
import { cellValue, getColumn, type Table } from '../core/table/table.ts';
import { bytesSource } from './byte-source.ts';
import { importTable } from './import.ts';
import { ImportError } from './problems.ts';

type Cell = { value: string | number | boolean | Date; format?: string } | null;

async function xlsx(sheets: Array<{ sheet: string; data: Cell[][] }>): Promise<Uint8Array> {
  const blob = await writeXlsxFile(sheets as never).toBlob();
  return new Uint8Array(await blob.arrayBuffer());
}

const col = (t: Table, name: string) => Array.from({ length: t.nRows }, (_, i) => cellValue(getColumn(t, name), i));

describe('Excel import', () => {
  it('reads numbers, dates (as dates), booleans, categories and blanks through the same inference', async () => {
    const v = (value: string | number | boolean | Date, format?: string): Cell => ({ value, format });
    const bytes = await xlsx([
      {
        sheet: 'People',
        data: [
          [v('Headcount report 2024')],
          [v('employee_id'), v('gender'), v('salary'), v('hired'), v('remote')],
          [v(101), v('F'), v(52000.5), v(new Date(Date.UTC(2020, 0, 15)), 'yyyy-mm-dd'), v(true)],
          [v(102), v('M'), null, v(new Date(Date.UTC(2018, 5, 1)), 'mm/dd/yyyy'), v(false)],
          [v(103), v('F'), v(61000), v(new Date(Date.UTC(2021, 10, 30)), 'dd.mm.yyyy'), v(true)],
        ],
      },
      { sheet: 'Notes', data: [[v('ignore me')]] },
    ]);
    expect(bytes[0]).toBe(0x50); // a zip
    const r = await importTable(bytes, { fileName: 'people.xlsx' });
    // The CLI hands files over as streams: a workbook read from one in small pieces is the same.
    const streamed = await importTable(bytesSource(bytes, 100), { fileName: 'people.xlsx' });
    expect(streamed.table).toEqual(r.table);
    expect(streamed.notes).toEqual(r.notes);
    expect(r.format).toBe('xlsx');
    expect(r.sheet).toBe('People');
    expect(r.skippedRows).toBe(1);
    expect(r.notes.join(' ')).toMatch(/workbook has 2 sheets/);
    const t = r.table;
    expect(t.columns.map((c) => [c.name, c.type])).toEqual([
      ['employee_id', 'integer'],
      ['gender', 'category'],
      ['salary', 'number'],
      ['hired', 'date'],
      ['remote', 'boolean'],
    ]);
    expect(col(t, 'hired')).toEqual(['2020-01-15', '2018-06-01', '2021-11-30']);
    expect(col(t, 'salary')).toEqual([52000.5, null, 61000]);
    expect(col(t, 'remote')).toEqual([true, false, true]);
    expect(getColumn(t, 'gender').role).toBe('protected');
  });

  it('reads a chosen sheet by name', async () => {
    const bytes = await xlsx([
      { sheet: 'A', data: [[{ value: 'x' }], [{ value: 1 }]] },
      { sheet: 'B', data: [[{ value: 'y' }, { value: 'z' }], [{ value: 'q' }, { value: 2 }], [{ value: 'r' }, { value: 3 }]] },
    ]);
    const r = await importTable(bytes, { fileName: 'two.xlsx', sheet: 'B' });
    expect(r.table.columns.map((c) => c.name)).toEqual(['y', 'z']);
    expect(col(r.table, 'z')).toEqual([2, 3]);
    await expect(importTable(bytes, { fileName: 'two.xlsx', sheet: 'C' })).rejects.toThrow(/no sheet "C".*A, B/);
  });

  it('gives a clear error for a broken workbook', async () => {
    const broken = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5]);
    await expect(importTable(broken, { fileName: 'broken.xlsx' })).rejects.toThrow(ImportError);
    await expect(importTable(broken, { fileName: 'broken.xlsx' })).rejects.toThrow(/save it again as \.xlsx/);
  });
});
