/**
 * `crispflow pull` and `crispflow connection test` as a user runs them, against the local BambooHR stand-in;
 * then every output of the pulls (every file written in the workspace, stdout, stderr, the audit log) is
 * searched for the secret in every form it travels in.
 */
import { spawn } from 'node:child_process';
import { chmod, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, testAuditKeyFile } from '../cli/testing/run-cli.ts';
import { bambooCompensation, startBambooStandIn } from './testing/bamboohr-stand-in.ts';
import { standInEmployees } from './testing/hr-data.ts';
import type { StandIn } from './testing/stand-in-server.ts';

const KEY = 'cli-secret-bamboo-9d2c6e0a71';
let server: StandIn;
let dir: string;
const outputs: string[] = [];

/** The real command, asynchronously (the stand-in answers from this process meanwhile). */
function crispflow(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(repoRoot, 'bin/crispflow.mjs'), ...args], {
      cwd: dir,
      env: { ...process.env, CRISPFLOW_AUDIT_KEY_FILE: testAuditKeyFile, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (code) => {
      outputs.push(stdout, stderr);
      resolve({ code, stdout, stderr });
    });
  });
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

beforeAll(async () => {
  const employees = standInEmployees(30);
  server = await startBambooStandIn({ company: 'acme', apiKey: KEY, employees, tables: { compensation: bambooCompensation(employees) } });
  dir = await mkdtemp(path.join(tmpdir(), 'cf-cli-pull-'));
  await writeFile(
    path.join(dir, 'employees.json'),
    JSON.stringify({
      name: 'bamboo-employees',
      connector: 'bamboohr',
      settings: { host: server.url, company: 'acme', dataset: 'report', fields: ['id', 'department', 'gender', 'age', 'hireDate', 'location'] },
      secrets: { apiKey: 'env:BAMBOOHR_API_KEY' },
      mapping: { table: 'employees', columns: { employee_id: 'id', department: 'department', gender: 'gender', age: 'age', hire_date: 'hireDate', location: 'location' } },
    }),
  );
  // No env reference: the key comes from the workspace secrets file.
  await writeFile(
    path.join(dir, 'compensation.json'),
    JSON.stringify({ name: 'bamboo-comp', connector: 'bamboohr', settings: { host: server.url, company: 'acme', dataset: 'table', table: 'compensation' }, mapping: { table: 'compensation', columns: { employee_id: 'employeeId', effective_date: 'startDate', base_salary: 'rate.value' } } }),
  );
}, 60_000);
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

describe('crispflow pull / connection test', () => {
  it('pulls with the key from the environment; prints the snapshot dataset names; audits the pull', async () => {
    const r = await crispflow(['pull', 'employees.json', '--workspace', 'ws'], { BAMBOOHR_API_KEY: KEY });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('pull bamboo-employees: 30 records\n');
    const m = /Pulled 30 rows from "bamboo-employees" into (ws\/snapshots\/bamboo-employees\/(\S+)\/data\.csv)\n/.exec(r.stdout);
    expect(m).not.toBeNull();
    expect(r.stdout).toContain(`"snapshot:bamboo-employees/${m![2]}" (this pull) or "snapshot:bamboo-employees/latest"`);
    const csv = await readFile(path.join(dir, m![1]), 'utf8');
    expect(csv.split('\n')[0]).toBe('employee_id,department,gender,age,hire_date,location');
    const audit = (await readFile(path.join(dir, 'ws', 'audit.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { kind: string; data: Record<string, unknown> });
    expect(audit.at(-1)).toMatchObject({ kind: 'note', data: { event: 'pull', connection: 'bamboo-employees', status: 'ok', rows: 30, snapshot: m![2], table: 'employees' } });
    expect((await crispflow(['audit', 'verify', 'ws/audit.jsonl'])).code).toBe(0);
  }, 90_000);

  it('uses the workspace secrets file only when readable by its owner alone', async () => {
    const secrets = path.join(dir, 'ws', 'secrets.json');
    await writeFile(secrets, JSON.stringify({ 'bamboo-comp': { apiKey: KEY } }));
    await chmod(secrets, 0o644);
    const refused = await crispflow(['pull', 'compensation.json', '--workspace', 'ws']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`The secrets file ${secrets} can be read by its group and other users (mode 644); it was not used. Make it readable only by you: chmod 600`);
    await chmod(secrets, 0o600);
    const ok = await crispflow(['pull', 'compensation.json', '--workspace', 'ws']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^Pulled 60 rows from "bamboo-comp"/);
  }, 90_000);

  it('connection test: 0 when connected, 1 naming the refused credential, 2 for a file holding a secret', async () => {
    const ok = await crispflow(['connection', 'test', 'employees.json', '--workspace', 'ws'], { BAMBOOHR_API_KEY: KEY });
    expect(ok.code).toBe(0);
    expect(ok.stdout).toBe('Connected: the custom report answered; read the first 5 records with 6 fields.\nFields: id, department, gender, age, hireDate, location\n');
    const bad = await crispflow(['connection', 'test', 'employees.json'], { BAMBOOHR_API_KEY: `${KEY}-old` });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^Connection "bamboo-employees": the BambooHR API key \(secret "apiKey"\) was refused by 127\.0\.0\.1:\d+ \(HTTP 401 Unauthorized\)/);
    await writeFile(path.join(dir, 'leaky.json'), JSON.stringify({ name: 'leaky', connector: 'bamboohr', settings: { company: 'acme' }, secrets: { apiKey: KEY } }));
    const leaky = await crispflow(['pull', 'leaky.json', '--workspace', 'ws']);
    expect(leaky.code).toBe(2);
    expect(leaky.stderr).toContain('"secrets.apiKey" must be a reference like "env:BAMBOOHR_API_KEY", never the secret itself');
    // A failed pull (bad key) is audited without the key, and saves nothing.
    const failed = await crispflow(['pull', 'employees.json', '--workspace', 'ws'], { BAMBOOHR_API_KEY: `${KEY}-old` });
    expect(failed.code).toBe(1);
  }, 120_000);

  it('no output of any pull holds the secret, in any form', async () => {
    const forms = [KEY, Buffer.from(`${KEY}:x`).toString('base64'), Buffer.from(KEY).toString('base64'), encodeURIComponent(KEY), KEY.slice(0, 16)];
    const files = (await allFiles(path.join(dir, 'ws'))).filter((f) => path.basename(f) !== 'secrets.json');
    expect(files.some((f) => f.endsWith('meta.json'))).toBe(true);
    expect(files.some((f) => f.endsWith('audit.jsonl'))).toBe(true);
    const texts = [...(await Promise.all(files.map((f) => readFile(f, 'utf8')))), ...outputs];
    for (const t of texts) for (const f of forms) expect(t.includes(f), `found a form of the secret in: ${t.slice(0, 200)}`).toBe(false);
  });
});
