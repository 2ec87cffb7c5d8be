/** The CLI's datasets as byte streams: a CSV imported from its fs stream equals the import of its bytes (issue 17). */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importTable } from '../../io/import.ts';
import { MessageChannel } from 'node:worker_threads';
import { hashBytes } from '../../core/hash.ts';
import type { DatasetBytes } from '../../core/node-definition.ts';
import { adoptFileDataset, createFsDatasetProvider, fileByteSource } from './fs-dataset-provider.ts';

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

  it('hands a worker thread the file, not its bytes: the dataset crosses as a file reference and streams there', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cf-fs-dataset-'));
    const file = path.join(dir, 'people.csv');
    writeFileSync(file, `id,name,note\n${Array.from({ length: 5000 }, (_, i) => `${i},Zoë ${i},"two\nlines"`).join('\n')}\n`);
    const provider = createFsDatasetProvider([dir]);
    const d = await provider.read({ source: 'file', name: 'people.csv' });
    const bytes = new Uint8Array(readFileSync(file));
    expect(d.fingerprint).toBe(hashBytes(bytes));
    expect(d.file).toEqual({ path: file, size: bytes.length });
    // What postMessage (Comlink's reply to a worker) carries: the plain fields, no bytes read or copied.
    const { port1, port2 } = new MessageChannel();
    const arrived = new Promise<DatasetBytes>((resolve) => port2.once('message', resolve));
    port1.postMessage(d);
    const sent = await arrived;
    port1.close();
    expect(Object.keys(sent).sort()).toEqual(['file', 'fingerprint', 'name']);
    const there = adoptFileDataset(sent);
    expect(there.source?.size).toBe(bytes.length);
    const streamed = await importTable(there.source!, { fileName: there.name });
    const whole = await importTable(bytes, { fileName: 'people.csv' });
    expect(streamed.table).toEqual(whole.table);
    // Whole bytes only for a caller that asks for them (read once, then kept).
    expect(there.bytes).toEqual(bytes);
    expect(there.bytes).toBe(there.bytes);
    expect(d.bytes).toEqual(bytes);
  });
});
