/** The CLI's datasets as byte streams: a CSV imported from its fs stream equals the import of its bytes (issue 17). */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importTable } from '../../io/import.ts';
import { createFsDatasetProvider, fileByteSource } from './fs-dataset-provider.ts';

describe('fs dataset provider: streamed reads', () => {
  it('imports a CSV from its file stream (chunks of 1 MiB, several of them) exactly as from its bytes', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cf-fs-source-'));
    const lines = ['id,name,hired,salary,note'];
    // ~2.5 MB: the stream gives three chunks, with quoted line breaks and multi-byte letters across their borders.
    for (let i = 0; i < 40_000; i++) lines.push(`${i},Zoë ${i % 97},2020-0${1 + (i % 9)}-1${i % 10},${50_000 + ((i * 37) % 9000)}.5,"line one\nline ${i} ""é"""`);
    writeFileSync(path.join(dir, 'staff.csv'), `${lines.join('\r\n')}\r\n`);
    const provider = createFsDatasetProvider([dir]);
    const { name, file, source } = await provider.readSource({ source: 'file', name: 'staff.csv' });
    expect(name).toBe('staff.csv');
    expect(source.size).toBe(readFileSync(file).length);
    const chunks: number[] = [];
    for await (const c of source.open()) chunks.push(c.length);
    expect(chunks.length).toBeGreaterThanOrEqual(3);
    const streamed = await importTable(source, { fileName: name });
    const whole = await importTable(new Uint8Array(readFileSync(file)), { fileName: name });
    expect(streamed.table.nRows).toBe(40_000);
    expect(streamed.table).toEqual(whole.table);
    expect(streamed.columns).toEqual(whole.columns);
    expect(streamed.notes).toEqual(whole.notes);
    await expect(provider.readSource({ source: 'file', name: 'missing.csv' })).rejects.toThrow(/Dataset "missing\.csv" was not found/);
    expect(fileByteSource(file).size).toBeUndefined();
  });
});
