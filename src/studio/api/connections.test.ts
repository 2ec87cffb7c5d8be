/**
 * Connections through the studio API against the local BambooHR stand-in: save (secret into the 0600
 * workspace secrets file, never returned), test, preview with a proposed mapping, pull into a snapshot and
 * read it back; no answer and no workspace file but the secrets file holds the key.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBambooStandIn } from '../../connectors/testing/bamboohr-stand-in.ts';
import { standInEmployees } from '../../connectors/testing/hr-data.ts';
import type { StandIn } from '../../connectors/testing/stand-in-server.ts';
import { rawRequest, startTestStudio } from '../testing/studio-test-server.ts';

const KEY = 'studio-bamboo-key-5f0c2d9e';
let studio: Awaited<ReturnType<typeof startTestStudio>>;
let bamboo: StandIn;
const answers: string[] = [];

beforeAll(async () => {
  studio = await startTestStudio();
  bamboo = await startBambooStandIn({ company: 'acme', apiKey: KEY, employees: standInEmployees(12) });
});
afterAll(async () => {
  await studio?.close();
  await bamboo?.close();
});

async function call(method: string, p: string, body?: unknown) {
  const r = await rawRequest(studio.port, {
    method,
    path: p,
    headers: { Authorization: `Bearer ${studio.token}`, ...(body !== undefined && { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  answers.push(r.text);
  return { status: r.status, body: r.text && String(r.headers['content-type']).startsWith('application/json') ? (JSON.parse(r.text) as Record<string, unknown>) : {}, text: r.text, headers: r.headers };
}

async function allFiles(d: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(d, { withFileTypes: true })) {
    const p = path.join(d, e.name);
    if (e.isDirectory()) out.push(...(await allFiles(p)));
    else out.push(p);
  }
  return out;
}

describe('studio connections API', () => {
  it('lists the connectors with their settings (secrets marked) and the canonical tables', async () => {
    const r = await call('GET', '/api/connectors');
    const kinds = (r.body.connectors as Array<{ kind: string; settings: Array<{ key: string; kind: string }> }>).map((c) => c.kind);
    expect(kinds).toEqual(['workday', 'bamboohr', 'greenhouse', 'http']);
    const bambooSettings = (r.body.connectors as Array<{ kind: string; settings: Array<{ key: string; kind: string }> }>)[1].settings;
    expect(bambooSettings.find((s) => s.key === 'apiKey')?.kind).toBe('secret');
    expect(Object.keys(r.body.tables as object)).toEqual(['employees', 'surveys', 'performance', 'compensation', 'terminations', 'resumes']);
  });

  it('saves a connection: the key goes to secrets.json (0600), the answer only says "set"', async () => {
    const put = await call('PUT', '/api/connections/bamboo', { connector: 'bamboohr', settings: { host: bamboo.url, company: 'acme', dataset: 'report', fields: ['id', 'department', 'gender', 'age', 'hireDate', 'location'] }, secrets: { apiKey: KEY } });
    expect(put.status).toBe(201);
    expect((put.body.connection as { secrets: unknown }).secrets).toEqual({ apiKey: 'set' });
    const file = JSON.parse(await readFile(path.join(studio.workspaceDir, 'connections', 'bamboo.json'), 'utf8'));
    expect(file).toEqual({ version: 1, name: 'bamboo', connector: 'bamboohr', settings: { host: bamboo.url, company: 'acme', dataset: 'report', fields: ['id', 'department', 'gender', 'age', 'hireDate', 'location'] } });
    const secrets = path.join(studio.workspaceDir, 'secrets.json');
    expect((await stat(secrets)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(secrets, 'utf8'))).toEqual({ bamboo: { apiKey: KEY } });
    const bad = await call('PUT', '/api/connections/..%2Fx', { connector: 'bamboohr', settings: {} });
    expect(bad.status).toBe(400);
  });

  it('tests, previews with a proposed mapping, pulls into a snapshot and serves it', async () => {
    const test = await call('POST', '/api/connections/bamboo/test');
    expect(test.body).toMatchObject({ ok: true, message: 'Connected: the custom report answered; read the first 5 records with 6 fields.' });
    const preview = await call('POST', '/api/connections/bamboo/preview', {});
    const mapping = { table: 'employees', columns: (preview.body.suggestions as Record<string, unknown>).employees };
    expect(mapping.columns).toEqual({ employee_id: 'id', department: 'department', gender: 'gender', age: 'age', hire_date: 'hireDate', location: 'location' });
    const mapped = await call('POST', '/api/connections/bamboo/preview', { mapping });
    expect((mapped.body.mapped as { columns: string[] }).columns).toEqual(['employee_id', 'department', 'gender', 'age', 'hire_date', 'location']);
    expect((await call('PUT', '/api/connections/bamboo', { connector: 'bamboohr', settings: { host: bamboo.url, company: 'acme', dataset: 'report', fields: ['id', 'department', 'gender', 'age', 'hireDate', 'location'] }, mapping })).status).toBe(200);
    const pull = await call('POST', '/api/connections/bamboo/pull');
    expect(pull.status).toBe(201);
    expect(pull.body).toMatchObject({ rows: 12, latest: 'snapshot:bamboo/latest' });
    const data = await call('GET', '/api/snapshots/bamboo/latest');
    expect(data.headers['x-crispflow-snapshot']).toBe(pull.body.snapshot);
    expect(data.text.split('\n')[0]).toBe('employee_id,department,gender,age,hire_date,location');
    expect(data.text.trim().split('\n')).toHaveLength(13);
    expect((await call('GET', '/api/snapshots/bamboo/..')).status).toBe(404);
    expect((await call('GET', '/api/connections/bamboo/snapshots')).body.snapshots).toHaveLength(1);
  });

  it('a refused key is a 502 naming the API key; nothing anywhere holds the key but secrets.json', async () => {
    await call('PUT', '/api/connections/bamboo', { connector: 'bamboohr', settings: { host: bamboo.url, company: 'acme' }, secrets: { apiKey: 'old-key-77777777' } });
    const pull = await call('POST', '/api/connections/bamboo/pull');
    expect(pull.status).toBe(502);
    expect(pull.body.error).toMatch(/the BambooHR API key \(secret "apiKey"\) was refused/);
    const files = (await allFiles(studio.workspaceDir)).filter((f) => path.basename(f) !== 'secrets.json');
    const texts = [...(await Promise.all(files.map((f) => readFile(f, 'utf8')))), ...answers];
    for (const t of texts) for (const s of [KEY, 'old-key-77777777', Buffer.from(`${KEY}:x`).toString('base64')]) expect(t.includes(s)).toBe(false);
  });
});
