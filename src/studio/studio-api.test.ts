import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAuditLogFile } from '../cli/audit-command.ts';
import { hashBytes } from '../core/hash.ts';
import { verifyChain } from '../governance/audit/chain.ts';
import { loadAuditKey } from '../cli/audit-key.ts';
import { testAuditKeyFile } from '../cli/testing/run-cli.ts';
import { rawRequest, startTestStudio } from './testing/studio-test-server.ts';

let studio: Awaited<ReturnType<typeof startTestStudio>>;
beforeAll(async () => {
  studio = await startTestStudio({ limits: { maxDatasetBytes: 64 * 1024, maxJsonBytes: 4096 } });
});
afterAll(async () => {
  await studio?.close();
});

const auth = () => ({ Authorization: `Bearer ${studio.token}` });
const get = (p: string) => rawRequest(studio.port, { path: p, headers: auth() });

/** Bytes with every value 0–255, as an .xlsx holds (binary must survive unchanged). */
const binary = Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 37) % 256));

describe('datasets', () => {
  it('round trip: PUT bytes → file in <workspace>/datasets, listed with the designer fingerprint, GET returns the same bytes', async () => {
    const csv = 'employee_id,department\nE1,Sales\nE2,"R&D, Lab"\n';
    const put = await rawRequest(studio.port, { method: 'PUT', path: '/api/datasets/employees.csv', headers: auth(), body: csv });
    expect(put.status).toBe(201);
    expect(JSON.parse(put.text).dataset).toMatchObject({ name: 'employees.csv', size: Buffer.byteLength(csv), fingerprint: hashBytes(Buffer.from(csv)) });
    expect(readFileSync(path.join(studio.workspaceDir, 'datasets', 'employees.csv'), 'utf8')).toBe(csv);

    const xlsx = await rawRequest(studio.port, { method: 'PUT', path: '/api/datasets/pay%20review.xlsx', headers: auth(), body: binary });
    expect(xlsx.status).toBe(201);
    const back = await get('/api/datasets/pay%20review.xlsx');
    expect(back.status).toBe(200);
    expect(back.body.equals(binary)).toBe(true);
    expect(back.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(back.headers['x-crispflow-fingerprint']).toBe(hashBytes(binary));

    const list = JSON.parse((await get('/api/datasets')).text).datasets;
    expect(list.map((d: { name: string }) => d.name)).toEqual(['employees.csv', 'pay review.xlsx']);

    const replaced = await rawRequest(studio.port, { method: 'PUT', path: '/api/datasets/employees.csv', headers: auth(), body: 'employee_id\nE9\n' });
    expect(replaced.status).toBe(200);
    expect((await get('/api/datasets/employees.csv')).text).toBe('employee_id\nE9\n');
  });

  it('refuses files that are not tables, and answers 404 for unknown datasets', async () => {
    const exe = await rawRequest(studio.port, { method: 'PUT', path: '/api/datasets/run.sh', headers: auth(), body: 'rm -rf /' });
    expect(exe.status).toBe(400);
    expect(JSON.parse(exe.text).error).toMatch(/\.csv, \.tsv, \.txt, \.xlsx/);
    expect((await get('/api/datasets/none.csv')).status).toBe(404);
  });

  it('a body over the size limit is a 413, and leaves neither the file nor a temp file', async () => {
    const big = Buffer.alloc(64 * 1024 + 1, 0x41);
    const r = await rawRequest(studio.port, { method: 'PUT', path: '/api/datasets/big.csv', headers: auth(), body: big }).catch((e: Error) => e);
    if (!(r instanceof Error)) expect(r.status).toBe(413);
    // Chunked (no Content-Length): stopped while streaming.
    const chunked = await rawRequest(studio.port, { method: 'PUT', path: '/api/datasets/big2.csv', headers: { ...auth(), 'Transfer-Encoding': 'chunked' }, body: big }).catch((e: Error) => e);
    if (!(chunked instanceof Error)) expect(chunked.status).toBe(413);
    // The client may also see the connection closed mid-upload; at least one answer must be the 413.
    expect([r, chunked].some((x) => !(x instanceof Error) && x.status === 413)).toBe(true);
    await new Promise((res) => setTimeout(res, 100));
    const files = readdirSync(path.join(studio.workspaceDir, 'datasets'));
    expect(files.filter((f) => f.startsWith('big') || f.endsWith('.tmp'))).toEqual([]);
    expect((await get('/api/health')).status).toBe(200);
  });

  it('DELETE removes the file; every change is in the workspace audit log, which verifies with the CLI key', async () => {
    expect((await rawRequest(studio.port, { method: 'DELETE', path: '/api/datasets/employees.csv', headers: auth() })).status).toBe(204);
    expect(readdirSync(path.join(studio.workspaceDir, 'datasets'))).not.toContain('employees.csv');
    const { entries, anchor } = await readAuditLogFile(path.join(studio.workspaceDir, 'audit.jsonl'));
    expect(entries.map((e) => e.data.event)).toEqual(['dataset-added', 'dataset-added', 'dataset-replaced', 'dataset-removed']);
    const key = await loadAuditKey(testAuditKeyFile, { create: false });
    const check = await verifyChain(entries, anchor, { key: key! });
    expect(check.ok && check.authenticated).toBe(true);
  });
});

describe('JSON bodies', () => {
  it('need application/json (415), valid JSON (400) and fit the limit (413)', async () => {
    const record = JSON.stringify({ pipeline: { name: 'p' }, status: 'ok', finishedAt: '2026-12-07T10:00:00Z' });
    const text = await rawRequest(studio.port, { method: 'PUT', path: '/api/runs/r1', headers: { ...auth(), 'Content-Type': 'text/plain' }, body: record });
    expect(text.status).toBe(415);
    const broken = await rawRequest(studio.port, { method: 'PUT', path: '/api/runs/r1', headers: { ...auth(), 'Content-Type': 'application/json' }, body: '{"pipeline":' });
    expect(broken.status).toBe(400);
    expect(JSON.parse(broken.text).error).toMatch(/not valid JSON/);
    const large = await rawRequest(studio.port, { method: 'PUT', path: '/api/runs/r1', headers: { ...auth(), 'Content-Type': 'application/json' }, body: JSON.stringify({ pad: 'x'.repeat(5000) }) });
    expect(large.status).toBe(413);
    expect(readdirSync(path.join(studio.workspaceDir, 'runs'))).toEqual([]);
  });
});

describe('run records', () => {
  it('PUT keeps a record in runs/<id>.json; GET lists and returns it; bad records name the field', async () => {
    const body = { pipeline: { name: 'Attrition', hash: 'abc' }, status: 'ok', finishedAt: '2026-12-07T10:00:00.000Z', nodes: { train: 'ok' } };
    const put = await rawRequest(studio.port, { method: 'PUT', path: '/api/runs/run-1', headers: { ...auth(), 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    expect(put.status).toBe(201);
    const onDisk = JSON.parse(readFileSync(path.join(studio.workspaceDir, 'runs', 'run-1.json'), 'utf8'));
    expect(onDisk).toMatchObject({ ...body, id: 'run-1', format: 'crispflow-run-record/1' });
    const list = JSON.parse((await get('/api/runs')).text).runs;
    expect(list).toEqual([{ id: 'run-1', pipeline: body.pipeline, status: 'ok', finishedAt: body.finishedAt, savedAt: onDisk.savedAt }]);
    expect(JSON.parse((await get('/api/runs/run-1')).text).run.nodes).toEqual({ train: 'ok' });
    const bad = await rawRequest(studio.port, { method: 'PUT', path: '/api/runs/run-2', headers: { ...auth(), 'Content-Type': 'application/json' }, body: JSON.stringify({ ...body, status: 'great' }) });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text).error).toMatch(/status must be one of/);
    expect((await get('/api/runs/nope')).status).toBe(404);
    const { entries } = await readAuditLogFile(path.join(studio.workspaceDir, 'audit.jsonl'));
    expect(entries.at(-1)).toMatchObject({ kind: 'run', actor: 'studio', data: { event: 'run-recorded', id: 'run-1', pipeline: 'Attrition', status: 'ok' } });
  });
});

describe('the workspace at start', () => {
  it('is created with its folders and marker, and loses the temp files of a crashed upload', async () => {
    const { mkdtempSync, writeFileSync, existsSync } = await import('node:fs');
    const os = await import('node:os');
    const { openWorkspace } = await import('./workspace/workspace.ts');
    const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'crispflow-ws-')), 'team');
    const ws = await openWorkspace(dir);
    expect(readdirSync(dir).sort()).toEqual(['crispflow-workspace.json', 'datasets', 'registry', 'runs', 'snapshots']);
    expect(JSON.parse(readFileSync(path.join(dir, 'crispflow-workspace.json'), 'utf8')).format).toBe('crispflow-workspace/1');
    // pid 999999 is not running: its half-written upload is removed at the next start.
    const stale = path.join(ws.datasets, '.big.csv.999999.0123456789ab.tmp');
    writeFileSync(stale, 'half');
    await openWorkspace(dir);
    expect(existsSync(stale)).toBe(false);
  });
});
