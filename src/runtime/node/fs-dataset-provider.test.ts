import { mkdtempSync, mkdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hashBytes } from '../../core/hash.ts';
import { createFsDatasetProvider } from './fs-dataset-provider.ts';

const root = mkdtempSync(path.join(os.tmpdir(), 'crispflow-fs-provider-'));
const data = path.join(root, 'data');
const pipelineDir = path.join(root, 'pipelines');
const samples = path.join(root, 'samples');
for (const d of [data, pipelineDir, samples]) mkdirSync(d);
writeFileSync(path.join(data, 'people.csv'), 'id,age\n1,30\n2,41\n');
writeFileSync(path.join(pipelineDir, 'people.csv'), 'shadowed,by data dir\n');
writeFileSync(path.join(pipelineDir, 'local.csv'), 'x\n1\n');
writeFileSync(path.join(samples, 'promotion.csv'), 'employee_id,group,kpi_score\nE1,A,0.5\nE2,B,0.75\n');
afterAll(() => rmSync(root, { recursive: true, force: true }));

const provider = createFsDatasetProvider([data, pipelineDir, samples]);

describe('createFsDatasetProvider', () => {
  it('looks in --data first, then the pipeline folder, then the samples', async () => {
    expect(await provider.locate({ source: 'file', name: 'people.csv' })).toBe(path.join(data, 'people.csv'));
    expect(await provider.locate({ source: 'file', name: 'local.csv' })).toBe(path.join(pipelineDir, 'local.csv'));
    expect(await provider.locate({ source: 'sample', name: 'promotion' })).toBe(path.join(samples, 'promotion.csv'));
  });

  it('reads bytes with a content fingerprint, which changes when the content does', async () => {
    const d = await provider.read({ source: 'file', name: 'people.csv' });
    expect(d.name).toBe('people.csv');
    expect(new TextDecoder().decode(d.bytes)).toBe('id,age\n1,30\n2,41\n');
    expect(d.fingerprint).toBe(hashBytes(new TextEncoder().encode('id,age\n1,30\n2,41\n')));
    expect(await provider.fingerprint({ source: 'file', name: 'people.csv' })).toBe(d.fingerprint);

    const file = path.join(pipelineDir, 'local.csv');
    const before = await provider.fingerprint({ source: 'file', name: 'local.csv' });
    writeFileSync(file, 'x\n2\n');
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    const after = await provider.fingerprint({ source: 'file', name: 'local.csv' });
    expect(after).not.toBe(before);
    expect(after).toBe(hashBytes(new TextEncoder().encode('x\n2\n')));
  });

  it('gives a clear error listing where it looked, and refuses paths outside the folders', async () => {
    await expect(provider.read({ source: 'file', name: 'missing.csv' })).rejects.toThrow(
      `Dataset "missing.csv" was not found. Looked in: ${data}, ${pipelineDir}, ${samples}.`,
    );
    expect(await provider.fingerprint({ source: 'file', name: 'missing.csv' })).toBeUndefined();
    await expect(provider.read({ source: 'file', name: '../data/people.csv' })).rejects.toThrow(/no absolute path, no "\.\."/);
    await expect(provider.read({ source: 'file', name: '/etc/hostname' })).rejects.toThrow(/no absolute path/);
  });

  it('previews a schema from the head of the file', async () => {
    const schema = await provider.schema!({ source: 'sample', name: 'promotion.csv' });
    expect(schema?.columns.map((c) => c.name)).toEqual(['employee_id', 'group', 'kpi_score']);
    expect(schema?.columns.find((c) => c.name === 'kpi_score')?.type).toBe('number');
    expect(await provider.schema!({ source: 'file', name: 'missing.csv' })).toBeUndefined();
  });
});
