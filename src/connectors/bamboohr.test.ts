import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConnection } from './connection-file.ts';
import { pullSnapshot, pullTable, testConnection, previewConnection } from './pull.ts';
import { cellValue } from '../core/table/table.ts';
import { listSnapshots, readSnapshotMeta } from './snapshot-store.ts';
import { bambooCompensation, startBambooStandIn } from './testing/bamboohr-stand-in.ts';
import { standInEmployees } from './testing/hr-data.ts';
import type { StandIn } from './testing/stand-in-server.ts';

const KEY = 'bamboo-key-7f3a9c1e5d';
const FAST = { baseDelayMs: 5, maxDelayMs: 20, timeoutMs: 300 };
let server: StandIn;
let ws: string;
const employees = standInEmployees(25);

beforeEach(async () => {
  server = await startBambooStandIn({ company: 'acme', apiKey: KEY, employees, tables: { compensation: bambooCompensation(employees), jobInfo: [] } });
  ws = await mkdtemp(path.join(tmpdir(), 'cf-bamboo-'));
});
afterEach(async () => {
  await server.close();
  await rm(ws, { recursive: true, force: true });
});

function conn(settings: Record<string, unknown>, mapping?: unknown) {
  return parseConnection({ name: 'bamboo', connector: 'bamboohr', settings: { host: server.url, company: 'acme', ...settings }, secrets: { apiKey: 'env:CF_TEST_BAMBOO_KEY' }, ...(mapping ? { mapping } : {}) }, 'test');
}
const env = { CF_TEST_BAMBOO_KEY: KEY };

describe('BambooHR connector against a local stand-in', () => {
  it('pulls the employee directory into a snapshot with the declared fields, Basic auth "<key>:x"', async () => {
    const { connection, connector } = conn({ dataset: 'directory' });
    const r = await pullSnapshot(connection, connector, { workspace: ws, env, retry: FAST });
    expect(server.requests[0].url).toBe('/api/gateway.php/acme/v1/employees/directory');
    expect(Buffer.from(server.requests[0].headers.authorization!.slice(6), 'base64').toString()).toBe(`${KEY}:x`);
    const csv = (await readFile(path.join(r.dir, 'data.csv'), 'utf8')).trim().split('\n');
    expect(csv[0]).toBe('displayName,department,location,id,photoUploaded');
    expect(csv).toHaveLength(26);
    expect(csv[1]).toBe('Person 100001,Sales,Berlin,100001,false');
    expect(r.meta.rows).toBe(25);
  });

  it('custom report: POSTs the field list and maps it to the employees table with type checks', async () => {
    const mapping = { table: 'employees', columns: { employee_id: 'id', department: 'department', gender: 'gender', age: 'age', hire_date: 'hireDate', location: 'location' } };
    const { connection, connector } = conn({ dataset: 'report', fields: ['id', 'department', 'gender', 'age', 'hireDate', 'location'] }, mapping);
    const r = await pullSnapshot(connection, connector, { workspace: ws, env, retry: FAST });
    expect(server.requests[0].method).toBe('POST');
    expect(server.requests[0].url).toBe('/api/gateway.php/acme/v1/reports/custom?format=JSON&onlyCurrent=false');
    expect(JSON.parse(server.requests[0].body)).toEqual({ title: 'Crispflow pull', fields: ['id', 'department', 'gender', 'age', 'hireDate', 'location'] });
    const lines = (await readFile(path.join(r.dir, 'data.csv'), 'utf8')).trim().split('\n');
    expect(lines[0]).toBe('employee_id,department,gender,age,hire_date,location');
    const e = employees[3];
    expect(lines[4]).toBe(`${e.id},${e.department},${e.gender},${e.age},${e.hireDate},${e.location}`);
    expect(r.meta.table).toBe('employees');
    expect(r.meta.mapping).toEqual(mapping);
  });

  it('pullTable: the snapshot as a typed columnar table through src/io', async () => {
    const mapping = { table: 'employees', columns: { employee_id: 'id', department: 'department', gender: 'gender', age: 'age', hire_date: 'hireDate', location: 'location' } };
    const { connection, connector } = conn({ dataset: 'report', fields: ['id', 'department', 'gender', 'age', 'hireDate', 'location'] }, mapping);
    const { table } = await pullTable(connection, connector, { workspace: ws, env, retry: FAST });
    expect(table.nRows).toBe(25);
    expect(table.columns.map((c) => [c.name, c.type])).toEqual([
      ['employee_id', 'integer'],
      ['department', 'category'],
      ['gender', 'category'],
      ['age', 'integer'],
      ['hire_date', 'date'],
      ['location', 'category'],
    ]);
    expect(table.columns.map((c) => cellValue(c, 2))).toEqual([Number(employees[2].id), employees[2].department, employees[2].gender, employees[2].age, employees[2].hireDate, employees[2].location]);
  });

  it('history table: compensation rows with the nested rate flattened, mapped for as-of joins', async () => {
    const { connection, connector } = conn(
      { dataset: 'table', table: 'compensation' },
      { table: 'compensation', columns: { employee_id: 'employeeId', effective_date: 'startDate', base_salary: 'rate.value' } },
    );
    const r = await pullSnapshot(connection, connector, { workspace: ws, env, retry: FAST });
    expect(server.requests[0].url).toBe('/api/gateway.php/acme/v1/employees/all/tables/compensation');
    const lines = (await readFile(path.join(r.dir, 'data.csv'), 'utf8')).trim().split('\n');
    expect(lines[0]).toBe('employee_id,effective_date,base_salary,market_ratio');
    expect(lines[1]).toBe(`${employees[0].id},${employees[0].hireDate},${employees[0].salary},`);
    expect(lines[2]).toBe(`${employees[0].id},2024-01-01,${Math.round(employees[0].salary * 1.05)},`);
    expect(r.meta.rows).toBe(50);
  });

  it('a refused key: the message names the API key setting, never the key', async () => {
    const { connection, connector } = conn({ dataset: 'directory' });
    const res = await testConnection(connection, connector, { workspace: ws, env: { CF_TEST_BAMBOO_KEY: 'wrong-key-123456' }, retry: FAST });
    expect(res.ok).toBe(false);
    expect(res.message).toBe(
      'Connection "bamboo": the BambooHR API key (secret "apiKey") was refused by ' + new URL(server.url).host + ' (HTTP 401 Unauthorized) for the employee directory. Check that it is current and typed in full.',
    );
    expect(res.message).not.toContain('wrong-key-123456');
    expect(await listSnapshots(ws, 'bamboo')).toEqual([]);
  });

  it('429 with Retry-After is honoured, 500 is retried, then the pull succeeds', async () => {
    server.faults.push({ kind: 'status', status: 500 }, { kind: 'status', status: 429, headers: { 'Retry-After': '1' } });
    const { connection, connector } = conn({ dataset: 'directory' });
    const log: string[] = [];
    const t0 = Date.now();
    const r = await pullSnapshot(connection, connector, { workspace: ws, env, retry: FAST, log: (l) => log.push(l) });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1000);
    expect(server.requests).toHaveLength(3);
    expect(r.meta.source.retries).toBe(2);
    expect(log[0]).toMatch(/^the employee directory: HTTP 500 Internal Server Error; retrying in/);
    expect(log[1]).toMatch(/^the employee directory: HTTP 429 Too Many Requests; retrying in 1\.\d s \(attempt 3 of 5\)/);
  });

  it('a Retry-After beyond the bound fails with when to come back; persistent 500s give up after the attempts', async () => {
    server.faults.push({ kind: 'status', status: 429, headers: { 'Retry-After': '3600' } });
    const { connection, connector } = conn({ dataset: 'directory' });
    await expect(pullSnapshot(connection, connector, { workspace: ws, env, retry: FAST })).rejects.toThrow(
      /the server asks to wait 3600 s before the next request \(rate limit\), longer than the 120 s allowed/,
    );
    for (let i = 0; i < 5; i++) server.faults.push({ kind: 'status', status: 503 });
    await expect(pullSnapshot(connection, connector, { workspace: ws, env, retry: FAST })).rejects.toThrow(
      'Connection "bamboo": the employee directory failed 5 times (HTTP 503 Service Unavailable); gave up.',
    );
  });

  it('a slow answer times out and is retried; a stalled body and a cut-off body fail without a snapshot', async () => {
    server.faults.push({ kind: 'stall', ms: 600 });
    const { connection, connector } = conn({ dataset: 'directory' });
    const ok = await pullSnapshot(connection, connector, { workspace: ws, env, retry: FAST });
    expect(ok.meta.rows).toBe(25);
    expect(ok.meta.source.retries).toBe(1);
    server.faults.push({ kind: 'truncate' });
    await expect(pullSnapshot(connection, connector, { workspace: ws, env, retry: FAST })).rejects.toThrow(/the answer for the employee directory (broke off|is malformed: the answer ended)/);
    server.faults.push({ kind: 'stall-body', ms: 1000 });
    await expect(pullSnapshot(connection, connector, { workspace: ws, env, retry: FAST })).rejects.toThrow(/broke off after \d+ records \(the answer stalled: no data for 0\.3 s\)/);
    // Only the first, good pull is a snapshot; no temp folder is left behind.
    expect(await listSnapshots(ws, 'bamboo')).toEqual([ok.id]);
    expect((await readdir(path.join(ws, 'snapshots', 'bamboo'))).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('a malformed body names the connection, the request and the record; the last good snapshot stays', async () => {
    const { connection, connector } = conn({ dataset: 'table', table: 'compensation' });
    const good = await pullSnapshot(connection, connector, { workspace: ws, env, retry: FAST });
    server.faults.push({ kind: 'malformed' });
    await expect(pullSnapshot(connection, connector, { workspace: ws, env, retry: FAST })).rejects.toThrow(
      /^Connection "bamboo": the answer for table "compensation" is malformed: record 2 is not valid JSON/,
    );
    expect(await listSnapshots(ws, 'bamboo')).toEqual([good.id]);
    expect((await readSnapshotMeta(ws, 'bamboo', good.id)).rows).toBe(50);
  });

  it('preview: field types from src/io inference and a proposed mapping', async () => {
    const { connection, connector } = conn({ dataset: 'report', fields: ['id', 'department', 'age', 'hireDate'] });
    const p = await previewConnection(connection, connector, { workspace: ws, env, retry: FAST, limit: 10 });
    expect(p.records).toBe(10);
    expect(p.fields.map((f) => [f.name, f.type])).toEqual([
      ['id', 'integer'],
      ['department', 'category'],
      ['age', 'integer'],
      ['hireDate', 'date'],
    ]);
    expect(p.suggestions.employees).toEqual({ employee_id: 'id', department: 'department', age: 'age', hire_date: 'hireDate' });
  });
});
