/**
 * Streaming CSV import (issue 17): whatever the byte chunks and the parse chunk size, the result is the
 * one the whole-text import gives (decodeText + parseCsv): table, column infos, problems with their row,
 * line, column and value, notes and encoding.
 */
import { describe, expect, it } from 'vitest';
import { blobSource, bytesSource, type ByteSource } from './byte-source.ts';
import { parseCsv, type CsvOptions } from './csv.ts';
import { decodeText } from './decode.ts';
import { importTable } from './import.ts';

const enc = (s: string) => new TextEncoder().encode(s);

/** The bytes in chunks of the given sizes (cycled): boundaries fall everywhere. */
function splitSource(bytes: Uint8Array, sizes: number[]): ByteSource & { opened: number } {
  const src = {
    size: bytes.length,
    opened: 0,
    async *open() {
      src.opened++;
      let at = 0;
      for (let k = 0; at < bytes.length; k++) {
        const n = sizes[k % sizes.length];
        // A copy: a reader must not rely on chunks being views of one buffer.
        yield bytes.slice(at, Math.min(bytes.length, at + n));
        at += n;
      }
    },
  };
  return src;
}

/** What importTable gave before streaming: the whole text decoded, then parsed. */
function wholeTextImport(bytes: Uint8Array, options: CsvOptions = {}) {
  const decoded = decodeText(bytes);
  const r = parseCsv(decoded.text, options);
  return { table: r.table, columns: r.columns, problems: r.problems, problemCount: r.problemCount, notes: [...decoded.notes, ...r.notes], encoding: decoded.encoding, delimiter: r.delimiter, header: r.header, skippedRows: r.skippedRows };
}

async function expectSameAsWholeText(bytes: Uint8Array, options: CsvOptions = {}, sizes = [1, 2, 3, 5, 7, 11, 64]) {
  const want = wholeTextImport(bytes, options);
  for (const chunkSize of [16, 37, 1 << 20]) {
    const source = splitSource(bytes, sizes);
    const got = await importTable(source, { fileName: 't.csv', ...options, chunkSize });
    const what = `chunkSize ${chunkSize}`;
    expect(got.table, what).toEqual(want.table);
    expect(got.columns, what).toEqual(want.columns);
    expect(got.problems, what).toEqual(want.problems);
    expect(got.problemCount, what).toBe(want.problemCount);
    expect(got.notes, what).toEqual(want.notes);
    expect(got.encoding, what).toBe(want.encoding);
    expect(got.delimiter, what).toBe(want.delimiter);
  }
  return want;
}

describe('streaming CSV import', () => {
  it('a chunk boundary inside a quoted value (with a line break, a doubled quote and a delimiter in it)', async () => {
    const csv = 'id,comment,score\n1,"first line\nsecond ""quoted"", with comma",3.5\n2,"plain",4\n3,"x\ny\nz",5\n';
    const want = await expectSameAsWholeText(enc(csv));
    const comment = want.table.columns[1];
    expect(comment.type).toBe('text');
    if (comment.type === 'text') expect(comment.values[0]).toBe('first line\nsecond "quoted", with comma');
    expect(want.table.nRows).toBe(3);
  });

  it('CRLF line breaks split between two chunks', async () => {
    const csv = 'a,b\r\n1,x\r\n2,"y\r\nz"\r\n3,w\r\n';
    const bytes = enc(csv);
    // Every chunk ends right after a CR, so each CRLF is split across chunks.
    const crSplit: number[] = [];
    let prev = 0;
    for (let i = 0; i < bytes.length; i++) {
      if (bytes[i] !== 13) continue;
      crSplit.push(i + 1 - prev);
      prev = i + 1;
    }
    crSplit.push(bytes.length - prev);
    const want = await expectSameAsWholeText(bytes, {}, crSplit);
    expect(want.table.nRows).toBe(3);
    const got = await importTable(splitSource(bytes, crSplit), { fileName: 'crlf.csv', chunkSize: 8 });
    expect(got.table.columns.map((c) => c.name)).toEqual(['a', 'b']);
    expect(got.table.nRows).toBe(3);
    expect(got.problemCount).toBe(0);
  });

  it('multi-byte UTF-8 characters split between chunks', async () => {
    const csv = 'name,city,note\nZoë,Zürich,€ 5\n李雷,北京,😀 ok\nRenée,Genève,"naïve, ""café"""\n';
    const bytes = enc(csv);
    await expectSameAsWholeText(bytes, {}, [1]);
    await expectSameAsWholeText(bytes, {}, [2, 3]);
    const got = await importTable(splitSource(bytes, [1]), { fileName: 'u.csv' });
    expect(got.encoding).toBe('utf-8');
    const name = got.table.columns[0];
    if (name.type === 'text') expect(name.values).toEqual(['Zoë', '李雷', 'Renée']);
    else if (name.type === 'category') expect([...name.codes].map((c) => name.categories[c])).toEqual(['Zoë', '李雷', 'Renée']);
    else throw new Error(`name column is ${name.type}`);
  });

  it('a UTF-8 BOM (split too) is dropped from the first column name; UTF-16 with its BOM is read as such', async () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...enc('id,x\n1,2\n')]);
    const want = await expectSameAsWholeText(bytes, {}, [1, 1, 2]);
    expect(want.table.columns[0].name).toBe('id');
    const got = await importTable(splitSource(bytes, [1]), { fileName: 'bom.csv' });
    expect(got.table.columns.map((c) => c.name)).toEqual(['id', 'x']);

    const text = 'id,ville\n1,Genève\n2,Zoë\n';
    const utf16 = new Uint8Array(2 + text.length * 2);
    utf16[0] = 0xff;
    utf16[1] = 0xfe;
    for (let i = 0; i < text.length; i++) {
      utf16[2 + 2 * i] = text.charCodeAt(i) & 0xff;
      utf16[3 + 2 * i] = text.charCodeAt(i) >> 8;
    }
    const w16 = await expectSameAsWholeText(utf16, {}, [1, 3]);
    expect(w16.encoding).toBe('utf-16le');
  });

  it('a file that is not UTF-8 past the first chunk is read again as Windows-1252, with the same note', async () => {
    const lines = ['id,city'];
    for (let i = 0; i < 400; i++) lines.push(`${i},Paris`);
    const head = enc(`${lines.join('\n')}\n`);
    const bytes = new Uint8Array([...head, ...enc('400,Z'), 0xfc, ...enc('rich\n401,'), 0x80, ...enc(' 5\n')]);
    const want = await expectSameAsWholeText(bytes, {}, [100, 333]);
    expect(want.encoding).toBe('windows-1252');
    expect(want.notes[0]).toContain(`first invalid byte at position ${(head.length + 5).toLocaleString('en-US')})`);
  });

  it('problems keep their row, line, column and value across chunks; a quote never closed is recovered the same way', async () => {
    const rows = ['id,age,dept'];
    for (let i = 0; i < 60; i++) rows.push(i === 17 ? `${i},old,"Sales\nteam"` : i === 41 ? `${i},abc,HR` : `${i},${20 + (i % 30)},${i % 2 ? 'HR' : 'Sales'}`);
    const want = await expectSameAsWholeText(enc(`${rows.join('\n')}\n`));
    expect(want.problemCount).toBeGreaterThan(0);
    expect(want.problems.some((p) => p.line !== undefined)).toBe(true);
    await expectSameAsWholeText(enc('a,b\n1,2\n3,"never closed\n4,5\n6,7\n'));
  });

  it('columns re-read as text in a second pass read the source again', async () => {
    const rows = ['id,code'];
    for (let i = 0; i < 3000; i++) rows.push(`${i},${i < 2000 ? i : `X${i}`}`);
    const bytes = enc(rows.join('\n'));
    // Types are inferred from the first 100 rows (all numbers); a third of the rest are not: re-read as text.
    const want = await expectSameAsWholeText(bytes, { sampleRows: 100 }, [997]);
    expect(want.table.columns[1].type).not.toBe('integer');
    // Opened for the head (the file's kind), for the first pass and for the second.
    const source = splitSource(bytes, [4096]);
    await importTable(source, { fileName: 'codes.csv', chunkSize: 4096, sampleRows: 100 });
    expect(source.opened).toBe(3);
    const plain = splitSource(enc('id,n\n1,2\n3,4\n'), [4096]);
    await importTable(plain, { fileName: 'plain.csv' });
    expect(plain.opened).toBe(2);
  });

  it('reads bytes in memory, Blobs and single-chunk sources alike; empty and binary files are refused as before', async () => {
    const csv = enc('a;b\n1;x\n2;y\n');
    const fromBytes = await importTable(csv, { fileName: 'a.csv' });
    const fromBlob = await importTable(blobSource(new Blob([csv])), { fileName: 'a.csv' });
    const fromSource = await importTable(bytesSource(csv, 3), { fileName: 'a.csv' });
    expect(fromBlob.table).toEqual(fromBytes.table);
    expect(fromSource.table).toEqual(fromBytes.table);
    expect(fromBytes.notes[0]).toMatch(/separated by ";"/);
    await expect(importTable(bytesSource(new Uint8Array(0)), { fileName: 'e.csv' })).rejects.toThrow(/"e\.csv" is empty \(0 bytes\)/);
    await expect(importTable(bytesSource(enc('  \n \n')), { fileName: 'w.csv' })).rejects.toThrow(/The file is empty \(no text at all\)/);
    await expect(importTable(splitSource(new Uint8Array([0x61, 0x2c, 0x62, 0x0a, 0x31, 0, 0x32]), [2]), { fileName: 'x.bin' })).rejects.toThrow(/"x\.bin" is not a text table \(it contains binary data\)/);
  });

  it('finds a NUL byte late in a Latin-1 file, and none in UTF-16 text (whose bytes are half zeros)', async () => {
    // The bytes are searched, not the text: byte 0 is U+0000 in UTF-8 and Windows-1252 alike.
    const latin = new Uint8Array(200_000).fill(0x61);
    for (let i = 0; i < latin.length; i += 40) latin[i] = 0x0a;
    latin[5] = 0xe9; // not UTF-8: read again as Windows-1252
    latin[150_001] = 0;
    await expect(importTable(bytesSource(latin, 4096), { fileName: 'l.csv' })).rejects.toThrow(/"l\.csv" is not a text table/);
    latin[150_001] = 0x61;
    expect((await importTable(bytesSource(latin, 4096), { fileName: 'l.csv' })).encoding).toBe('windows-1252');
    const text = 'a,b\n1,é\n2,x\n';
    const utf16 = new Uint8Array(2 + text.length * 2);
    utf16.set([0xff, 0xfe]);
    for (let i = 0; i < text.length; i++) utf16[2 + 2 * i] = text.charCodeAt(i);
    const r = await importTable(bytesSource(utf16, 3), { fileName: 'u.csv' });
    expect(r.encoding).toBe('utf-16le');
    expect(r.table.nRows).toBe(2);
  });
});
