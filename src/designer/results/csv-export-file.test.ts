import { describe, expect, it } from 'vitest';
import { csvExportBytes, csvPreview, fileSize } from './csv-export-file.ts';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('csv-export results in the designer', () => {
  it('takes the bytes export-table gives, and text from other producers', () => {
    const csv = bytes('a,b\r\n1,2\r\n');
    expect(csvExportBytes({ kind: 'csv-export', data: { fileName: 'x.csv', csv } })).toBe(csv);
    expect(csvExportBytes({ kind: 'csv-export', data: { csv: 'é\r\n' } })).toEqual(bytes('é\r\n'));
    expect(csvExportBytes({ kind: 'csv-export', data: {} })).toBeUndefined();
  });

  it('previews the first lines from the start of the file only, leaving out a cut last line', () => {
    expect(csvPreview(bytes('id,name\r\n1,Zoë\r\n2,東京\r\n'))).toBe('id,name\n1,Zoë\n2,東京');
    const lines = Array.from({ length: 5000 }, (_, i) => `${i},${'x'.repeat(20)}`);
    const preview = csvPreview(bytes(lines.join('\r\n') + '\r\n'));
    expect(preview.split('\n')).toEqual(lines.slice(0, 12));
    // A file whose first line is longer than the decoded head: nothing cut is shown.
    expect(csvPreview(bytes('y'.repeat(20_000) + '\r\n'))).toBe('');
    const shared = new Uint8Array(new SharedArrayBuffer(6));
    shared.set(bytes('a\r\nb\r\n'));
    expect(csvPreview(shared)).toBe('a\nb');
  });

  it('states the size', () => {
    expect(fileSize(900)).toBe('900 bytes');
    expect(fileSize(2048)).toBe('2.0 KB');
    expect(fileSize(5 * 1024 * 1024)).toBe('5.0 MB');
  });
});
