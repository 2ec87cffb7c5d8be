import { describe, expect, it } from 'vitest';
import { detectFormat, importTable, lastBreakOutsideQuotes, previewSchema } from './import.ts';
import { ImportError } from './problems.ts';

const enc = (s: string) => new TextEncoder().encode(s);

describe('importTable', () => {
  it('dispatches on content: text is CSV, PK.. is xlsx, D0 CF 11 E0 is old .xls', () => {
    expect(detectFormat(enc('a,b\n1,2\n'), 'data.xlsx')).toBe('csv');
    expect(detectFormat(new Uint8Array([0x50, 0x4b, 0x03, 0x04]), 'x.csv')).toBe('xlsx');
    expect(detectFormat(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0]))).toBe('xls');
  });
  it('returns table, notes, problems and encoding for CSV', async () => {
    const r = await importTable(enc('\uFEFFid;pay\r\n1;10\r\n2;abc\r\n3;30\r\n'), { fileName: 'pay.csv' });
    expect(r.encoding).toBe('utf-8');
    expect(r.delimiter).toBe(';');
    expect(r.table.columns.map((c) => c.name)).toEqual(['id', 'pay']);
    // "abc" is one value in three, too many to call a stray value, so pay keeps every value as text.
    expect(r.table.columns[1]).toMatchObject({ type: 'text', values: ['10', 'abc', '30'] });
    expect(r.problemCount).toBe(0);
    expect(r.notes[0]).toMatch(/separated by ";"/);
  });
  it('rejects empty, binary and .xls files with a sentence saying what to do', async () => {
    await expect(importTable(new Uint8Array(0), { fileName: 'e.csv' })).rejects.toThrow(/"e\.csv" is empty/);
    await expect(importTable(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0, 0]), { fileName: 'old.xls' })).rejects.toThrow(/save it as \.xlsx or CSV/);
    await expect(importTable(new Uint8Array([1, 0, 2, 0, 3]), { fileName: 'x.bin' })).rejects.toThrow(ImportError);
  });
  it('reports progress through the hooks', async () => {
    const lines = ['a,b'];
    for (let i = 0; i < 5000; i++) lines.push(`${i},${i % 7}`);
    const seen: number[] = [];
    await importTable(enc(lines.join('\n')), { chunkSize: 2048, onProgress: (f) => seen.push(f), checkpoint: async () => {} });
    expect(seen.length).toBeGreaterThan(10);
    expect(seen.at(-1)).toBe(1);
  });
});

describe('previewSchema', () => {
  it('reads names and types from the head of a large file, without category lists', async () => {
    const lines = ['id,dept,hired'];
    for (let i = 0; i < 50_000; i++) lines.push(`${i},${['HR', 'IT'][i % 2]},2020-01-${String((i % 28) + 1).padStart(2, '0')}`);
    const bytes = enc(lines.join('\n'));
    const s = await previewSchema(bytes, { fileName: 'big.csv' }, 4096);
    expect(s.columns.map((c) => [c.name, c.type])).toEqual([
      ['id', 'integer'],
      ['dept', 'category'],
      ['hired', 'date'],
    ]);
    expect(s.columns[1].categories).toBeUndefined();
  });

  it('ends the head with the last whole record when a multi-line quoted value crosses the limit', async () => {
    const lines = ['id,notes,years'];
    for (let i = 0; i < 200; i++) lines.push(`${i},"reviewed ${i}\nscore, ${i % 9}\nok",${i % 30}`);
    const bytes = enc(lines.join('\n'));
    // 1000 bytes end inside record 31's notes; cut at the last line break, its lines became broken rows
    // that repeated ids (no identifier role).
    const head = bytes.subarray(0, lastBreakOutsideQuotes(bytes, 1000) + 1);
    expect(new TextDecoder().decode(head).endsWith('ok",0\n')).toBe(true);
    const whole = await importTable(head);
    expect(whole.problems).toEqual([]);
    expect(whole.table.nRows).toBe(31);
    const s = await previewSchema(bytes, { fileName: 'notes.csv' }, 1000);
    expect(s.columns).toEqual([
      { name: 'id', type: 'integer', role: 'identifier' },
      { name: 'notes', type: 'text', role: 'identifier' },
      { name: 'years', type: 'integer' },
    ]);
  });
});

describe('lastBreakOutsideQuotes', () => {
  const at = (text: string, max: number) => lastBreakOutsideQuotes(enc(text), max);
  it('skips line breaks inside quoted values, escaped quotes included', () => {
    expect(at('a,b\n1,"x\ny"\n2,z', 100)).toBe(11);
    expect(at('a,b\n1,"x""\ny"\n2,z', 100)).toBe(13);
    expect(at('a,b\n1,"x\ny', 100)).toBe(3);
    expect(at('a,b\r\n1,2\r\n', 100)).toBe(9);
  });
  it('looks no further than maxBytes (a break at maxBytes counts)', () => {
    expect(at('a\nb\nc\n', 3)).toBe(3);
    expect(at('a\nb\nc\n', 2)).toBe(1);
    expect(at('"a\nb"\nc', 4)).toBe(-1);
    expect(at('"a\nb"\nc', 5)).toBe(5);
    expect(at('abc', 10)).toBe(-1);
  });
  it('gives UTF-16 text (BOM) no byte-wise cut', () => {
    expect(lastBreakOutsideQuotes(new Uint8Array([0xff, 0xfe, 0x61, 0, 0x0a, 0, 0x62, 0]), 8)).toBe(-1);
    expect(lastBreakOutsideQuotes(new Uint8Array([0xfe, 0xff, 0, 0x61, 0, 0x0a, 0, 0x62]), 8)).toBe(-1);
  });
});
