import { mkdtemp, readdir, readFile, rm, stat, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { datasetNameProblem, parseSnapshotName } from '../core/dataset-refs.ts';
import { createFsDatasetProvider } from '../runtime/node/fs-dataset-provider.ts';
import { listSnapshots, resolveSnapshotFile, SnapshotWriter } from './snapshot-store.ts';

let ws: string;
beforeEach(async () => {
  ws = await mkdtemp(path.join(tmpdir(), 'cf-snap-'));
});
afterEach(async () => {
  await rm(ws, { recursive: true, force: true });
});

async function snapshot(rows: string[][]): Promise<string> {
  const w = await SnapshotWriter.begin(ws, 'hr', ['employee_id', 'department']);
  await w.writeRows(rows);
  const { id } = await w.commit({ connection: 'hr', connector: 'http', startedAt: new Date().toISOString(), source: { records: rows.length, pages: 1, requests: 1, retries: 0 }, problems: { count: 0, recordsLeftOut: 0, first: [] } });
  return id;
}

describe('snapshots', () => {
  it('are immutable, dated folders; latest is the newest complete one; an aborted pull leaves nothing', async () => {
    const a = await snapshot([['1', 'Sales']]);
    const b = await snapshot([['1', 'Sales'], ['2', 'Finance, EMEA']]);
    expect(b > a).toBe(true);
    const dataB = path.join(ws, 'snapshots', 'hr', b, 'data.csv');
    expect(await readFile(dataB, 'utf8')).toBe('employee_id,department\n1,Sales\n2,"Finance, EMEA"\n');
    expect((await stat(dataB)).mode & 0o222).toBe(0);
    const meta = JSON.parse(await readFile(path.join(ws, 'snapshots', 'hr', b, 'meta.json'), 'utf8'));
    expect(meta).toMatchObject({ format: 'crispflow-snapshot/1', connection: 'hr', snapshot: b, rows: 2, columns: ['employee_id', 'department'] });
    expect(meta.fingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);

    const w = await SnapshotWriter.begin(ws, 'hr', ['employee_id', 'department']);
    await w.writeRows([['3', 'Ops']]);
    await w.abort();
    // A folder without meta.json (as a crash between rename steps would leave) is not a snapshot.
    await mkdir(path.join(ws, 'snapshots', 'hr', '2099-01-01T00-00-00-000Z'));
    expect(await listSnapshots(ws, 'hr')).toEqual([a, b]);
    expect(await resolveSnapshotFile(ws, 'snapshot:hr/latest')).toBe(dataB);
    expect(await resolveSnapshotFile(ws, `snapshot:hr/${a}`)).toBe(path.join(ws, 'snapshots', 'hr', a, 'data.csv'));
    expect(await resolveSnapshotFile(ws, 'snapshot:other/latest')).toBeUndefined();
    expect((await readdir(path.join(ws, 'snapshots', 'hr'))).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('temp folders of a pull whose process died are removed by the next pull', async () => {
    const dead = path.join(ws, 'snapshots', 'hr', '.pull-999999-abcdef123456');
    await mkdir(dead, { recursive: true });
    await writeFile(path.join(dead, 'data.csv'), 'half');
    await snapshot([['1', 'x']]);
    expect(await stat(dead).catch(() => undefined)).toBeUndefined();
  });

  it('dataset names: snapshot:<connection>/<latest|id> exactly, nothing that could leave the folder', () => {
    expect(parseSnapshotName('snapshot:hr/latest')).toEqual({ connection: 'hr', snapshot: 'latest' });
    expect(parseSnapshotName('snapshot:hr/2026-12-07T19-46-36-123Z')).toEqual({ connection: 'hr', snapshot: '2026-12-07T19-46-36-123Z' });
    expect(parseSnapshotName('employees.csv')).toBeUndefined();
    expect(datasetNameProblem('snapshot:hr/latest')).toBeUndefined();
    for (const bad of ['snapshot:../x/latest', 'snapshot:hr/../../etc', 'snapshot:hr/latest/../x', 'snapshot:hr\\latest', 'snapshot:/hr/latest', 'snapshot:hr/2026-12-07', 'snapshot:hr/latest\n']) {
      expect(datasetNameProblem(bad), bad).toMatch(/a snapshot name is snapshot:<connection>\/latest/);
    }
  });

  it('the CLI dataset provider reads snapshot names from a workspace given as a data folder', async () => {
    const id = await snapshot([['7', 'Sales']]);
    const provider = createFsDatasetProvider([ws]);
    const latest = await provider.read({ source: 'file', name: 'snapshot:hr/latest' });
    expect(new TextDecoder().decode(latest.bytes)).toBe('employee_id,department\n7,Sales\n');
    expect(await provider.fingerprint({ source: 'file', name: `snapshot:hr/${id}` })).toBe(latest.fingerprint);
    expect((await provider.schema!({ source: 'file', name: 'snapshot:hr/latest' }))?.columns.map((c) => c.name)).toEqual(['employee_id', 'department']);
    await expect(provider.read({ source: 'file', name: 'snapshot:nope/latest' })).rejects.toThrow(/No snapshot "latest" of connection "nope" was found under snapshots\/nope\//);
    await expect(provider.read({ source: 'file', name: 'snapshot:../hr/latest' })).rejects.toThrow(/is not usable: a snapshot name is/);
  });
});
