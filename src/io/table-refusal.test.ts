import { describe, expect, it } from 'vitest';
import { importTable } from './import.ts';
import { documentKindOf } from './table-refusal.ts';

const enc = (s: string) => new TextEncoder().encode(s);

describe('files that are not tables are refused at import with the reason', () => {
  it('a PDF is refused, not imported as one column', async () => {
    const pdf = enc('%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n');
    await expect(importTable(pdf, { fileName: 'policy.csv' })).rejects.toThrow('"policy.csv" is a PDF document, not a table. Export the table it holds as CSV or .xlsx');
  });
  it('images and web pages are recognised by their first bytes', () => {
    expect(documentKindOf(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]))).toBe('a PNG image');
    expect(documentKindOf(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('a JPEG image');
    expect(documentKindOf(enc('<!DOCTYPE html><html>'))).toBe('a web page (HTML)');
    expect(documentKindOf(enc('id,name\n1,Ann\n'))).toBeUndefined();
  });
  it('one column of garbled text is refused', async () => {
    const garbage = enc('Ã¿Ã¾Ã\u0001\nï¿½ï¿½\u0002x\nÃ¿Ã¾\n');
    await expect(importTable(garbage, { fileName: 'export.csv' })).rejects.toThrow(/"export.csv" could not be read as a table: it gives one column of garbled text \(3 of 3 values/);
  });
  it('a file that reads as a single row because a quote is never closed is refused, naming the line', async () => {
    const broken = enc('id,name,dept\n1,"Ann,Sales\n');
    await expect(importTable(broken, { fileName: 'broken.csv' })).rejects.toThrow(/"broken.csv" could not be read as a table: it gives a single row because a quote is never closed \(line 2\)/);
  });
  it('ordinary tables, one-column lists and a real single row still import', async () => {
    expect((await importTable(enc('id,name\n1,Ann\n'), { fileName: 'a.csv' })).table.nRows).toBe(1);
    expect((await importTable(enc('name\nAnn\nBob\nÇelik\n'), { fileName: 'names.csv' })).table.nRows).toBe(3);
    // An unclosed quote in a longer file: reported as a problem, rows kept (not refused).
    expect((await importTable(enc('id,name\n1,"Ann\n2,Bob\n3,Cy\n'), { fileName: 'b.csv' })).table.nRows).toBe(3);
  });
});
