import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { DatasetBytes, DatasetRef } from '../../core/node-definition.ts';
import { withDefaults, type ParamSpecs } from '../../core/params.ts';
import type { Plan } from '../../core/plan.ts';
import type { Table } from '../../core/table/table.ts';
import { unpackValue } from '../../core/table/transfer.ts';
import { openCrispflowDb } from '../../designer/persistence/db.ts';
import type { HostCallbacks, StepReply } from '../protocol.ts';
import { testRegistryWith } from '../testing/node-testing.ts';
import { createWorkerApi } from '../worker-api.ts';
import { readUploadInWorker } from './worker-datasets.ts';

const csv = (text: string) => new TextEncoder().encode(text);

async function storeUpload(name: string, text: string, fingerprint: string): Promise<void> {
  const db = await openCrispflowDb();
  await db.put('datasets', { id: name, name, size: text.length, fingerprint, createdAt: Date.now() });
  await db.put('datasetBlobs', { id: name, bytes: csv(text) });
}

const registry = testRegistryWith();

function sourceStep(ref: DatasetRef): Plan['steps'][number] {
  return {
    nodeId: 'src',
    type: 'dataset-source',
    version: 1,
    params: withDefaults(registry.get('dataset-source')!.params as ParamSpecs, { source: ref.source, name: ref.name }),
    inputs: {},
    cacheKey: 'k',
    capabilities: {},
    outputs: { table: 'table' },
  } as unknown as Plan['steps'][number];
}

/** Runs a dataset-source step through the worker API, counting what the host was asked for. */
async function runSource(ref: DatasetRef, host: (ref: DatasetRef) => Promise<DatasetBytes>) {
  const asked: string[] = [];
  const api = createWorkerApi({ registry, readDataset: readUploadInWorker });
  const callbacks: HostCallbacks = {
    progress: () => {},
    log: () => {},
    readDataset: (r) => {
      asked.push(r.name);
      return host(r);
    },
    readSecret: async () => new Uint8Array(),
    parallel: async () => [],
  };
  const reply = (await api.runStep({ runId: `r-${ref.name}`, step: sourceStep(ref), inputs: {}, pipelineSeed: 1 }, callbacks)) as StepReply;
  return { reply, asked };
}

describe('datasets read in the pool worker', () => {
  it('reads an upload and its fingerprint from IndexedDB in one go', async () => {
    await storeUpload('people.csv', 'id,age\n1,30\n2,41\n', 'fp-people');
    const d = await readUploadInWorker({ source: 'upload', name: 'people.csv' });
    expect(d?.name).toBe('people.csv');
    expect(d?.fingerprint).toBe('fp-people');
    expect(new TextDecoder().decode(d?.bytes)).toBe('id,age\n1,30\n2,41\n');
    expect(await readUploadInWorker({ source: 'upload', name: 'missing.csv' })).toBeUndefined();
    expect(await readUploadInWorker({ source: 'sample', name: 'people.csv' })).toBeUndefined();
  });

  it('a dataset-source step reads the upload without asking the page; anything else goes to the page', async () => {
    await storeUpload('teams.csv', 'team,size\nA,3\nB,5\n', 'fp-teams');
    const local = await runSource({ source: 'upload', name: 'teams.csv' }, async () => {
      throw new Error('the page should not be asked for an upload the worker can read');
    });
    if (!local.reply.ok) throw new Error(`${local.reply.failure.message} ${local.reply.failure.stack ?? ""}`);
    expect(local.asked).toEqual([]);
    expect(local.reply.ok).toBe(true);
    const t = unpackValue<Record<string, Table>>(local.reply.ok ? local.reply.outputs : undefined).table;
    expect(t.nRows).toBe(2);
    expect(t.columns.map((c) => c.name)).toEqual(['team', 'size']);

    // Not in this browser's IndexedDB (e.g. still in the studio's workspace): the page's provider answers.
    const remote = await runSource({ source: 'upload', name: 'elsewhere.csv' }, async (r) => ({ name: r.name, bytes: csv('x\n1\n2\n3\n'), fingerprint: 'fp-x' }));
    expect(remote.asked).toEqual(['elsewhere.csv']);
    expect(remote.reply.ok).toBe(true);
    expect(unpackValue<Record<string, Table>>(remote.reply.ok ? remote.reply.outputs : undefined).table.nRows).toBe(3);
  });
});
