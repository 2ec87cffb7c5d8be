import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConnection } from './connection-file.ts';
import { pullSnapshot, testConnection } from './pull.ts';
import { basicUser, sendJson, startStandIn, unauthorized, type StandIn } from './testing/stand-in-server.ts';
import { checkedUrl } from './url-policy.ts';

const FAST = { baseDelayMs: 5, maxDelayMs: 20, timeoutMs: 2000 };
let server: StandIn | undefined;
let ws: string;
beforeEach(async () => {
  ws = await mkdtemp(path.join(tmpdir(), 'cf-wd-'));
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  await rm(ws, { recursive: true, force: true });
});

/** Workday RaaS: /ccx/service/customreport2/{tenant}/{owner}/{report}?format=json, rows under Report_Entry. */
async function workday() {
  server = await startStandIn((req, res) => {
    const url = new URL(req.url, 'http://x');
    const bearer = req.headers.authorization === 'Bearer wd-token-91c2e7';
    if (!bearer && basicUser(req, 'wd-pass-5e1a') !== 'ISU_Crispflow') return unauthorized(res);
    if (url.pathname !== '/ccx/service/customreport2/acme_corp/lmcneil/CF_Workers') {
      res.writeHead(404);
      return res.end();
    }
    sendJson(res, {
      Report_Entry: [
        { Employee_ID: '21001', Hire_Date: '2019-04-01', Supervisory_Organization: 'Sales EMEA', Worker_Group: [{ Location: 'Berlin' }, { Location: 'Remote' }], Effective: url.searchParams.get('Effective_as_of_Date') },
        { Employee_ID: '21002', Hire_Date: '2020-11-15', Supervisory_Organization: 'Finance', Worker_Group: [{ Location: 'Paris' }], Effective: url.searchParams.get('Effective_as_of_Date') },
      ],
    });
  });
}

describe('Workday RaaS connector', () => {
  const base = (auth: Record<string, unknown>, secrets: Record<string, string>) =>
    parseConnection(
      {
        name: 'workday',
        connector: 'workday',
        settings: { host: server!.url, tenant: 'acme_corp', owner: 'lmcneil', report: 'CF_Workers', prompts: { Effective_as_of_Date: '2026-12-01' }, ...auth },
        secrets,
        mapping: { table: 'employees', columns: { employee_id: 'Employee_ID', department: 'Supervisory_Organization', hire_date: 'Hire_Date', location: 'Worker_Group.Location' } },
      },
      'test',
    );

  it('basic auth as an integration system user, prompts as query parameters, Report_Entry rows mapped', async () => {
    await workday();
    const { connection, connector } = base({ auth: 'basic', username: 'ISU_Crispflow' }, { password: 'env:WD_PASS' });
    const r = await pullSnapshot(connection, connector, { workspace: ws, env: { WD_PASS: 'wd-pass-5e1a' }, retry: FAST });
    expect(server!.requests[0].url).toBe('/ccx/service/customreport2/acme_corp/lmcneil/CF_Workers?Effective_as_of_Date=2026-12-01&format=json');
    expect(await readFile(path.join(r.dir, 'data.csv'), 'utf8')).toBe(
      'employee_id,department,gender,age,hire_date,location\n21001,Sales EMEA,,,2019-04-01,Berlin; Remote\n21002,Finance,,,2020-11-15,Paris\n',
    );
  });

  it('an OAuth 2 bearer token; a refused password names the integration system user', async () => {
    await workday();
    const { connection, connector } = base({ auth: 'bearer' }, { token: 'env:WD_TOKEN' });
    expect((await testConnection(connection, connector, { workspace: ws, env: { WD_TOKEN: 'wd-token-91c2e7' }, retry: FAST })).message).toBe(
      'Connected: the report answered; read the first 2 records with 5 fields.',
    );
    const b = base({ auth: 'basic', username: 'ISU_Crispflow' }, { password: 'env:WD_PASS' });
    const refused = await testConnection(b.connection, b.connector, { workspace: ws, env: { WD_PASS: 'stale-password-1' }, retry: FAST });
    expect(refused.message).toContain('the password of integration system user "ISU_Crispflow" (secret "password") was refused');
    expect(refused.message).not.toContain('stale-password-1');
  });
});

describe('generic HTTPS connector', () => {
  it('reads CSV (streamed, quoted line breaks kept) with a header credential', async () => {
    server = await startStandIn((req, res) => {
      if (req.headers['x-api-key'] !== 'gen-key-44d1') return unauthorized(res);
      res.writeHead(200, { 'Content-Type': 'text/csv' });
      res.write('employee_id,survey_date,engagement_score,comment\n');
      for (let i = 0; i < 3000; i++) res.write(`${1000 + i},2026-0${1 + (i % 9)}-15,${(i % 5) + 1},"line one\nline ""two"""\n`);
      res.end();
    });
    const { connection, connector } = parseConnection(
      { name: 'surveys', connector: 'http', settings: { url: `${server.url}/export.csv`, headerName: 'X-API-Key' }, secrets: { headerValue: 'env:GEN' }, mapping: { table: 'surveys', columns: { employee_id: 'employee_id', survey_date: 'survey_date', engagement_score: 'engagement_score', comment: 'comment' } } },
      'test',
    );
    const r = await pullSnapshot(connection, connector, { workspace: ws, env: { GEN: 'gen-key-44d1' }, retry: FAST });
    expect(r.meta.rows).toBe(3000);
    const text = await readFile(path.join(r.dir, 'data.csv'), 'utf8');
    expect(text.split('\n').slice(0, 3).join('\n')).toBe('employee_id,survey_date,engagement_score,comment\n1000,2026-01-15,1,"line one\nline ""two"""');
  });

  it('reads a JSON list at a dotted path and says when the path holds none', async () => {
    server = await startStandIn((req, res) => sendJson(res, { data: { items: [{ id: 'a', score: 1 }, { id: 'b', score: 2 }] } }));
    const mk = (p: string) => parseConnection({ name: 'items', connector: 'http', settings: { url: `${server!.url}/api`, path: p } }, 'test');
    const ok = mk('data.items');
    const r = await pullSnapshot(ok.connection, ok.connector, { workspace: ws, retry: FAST });
    expect(await readFile(path.join(r.dir, 'data.csv'), 'utf8')).toBe('id,score\na,1\nb,2\n');
    const wrong = mk('data.rows');
    await expect(pullSnapshot(wrong.connection, wrong.connector, { workspace: ws, retry: FAST })).rejects.toThrow(
      /^Connection "items": the answer for http:\/\/127\.0\.0\.1:\d+\/api has no a list under "data\.rows" \(it starts with "\{"data":\{"items"/,
    );
  });

  it('without a mapping, a field that first appears in a later record becomes a column, earlier rows empty there', async () => {
    server = await startStandIn((req, res) => sendJson(res, [{ a: 1 }, { a: 2, b: 'x, y' }, { b: 'z\nw', c: true }]));
    const { connection, connector } = parseConnection({ name: 'late', connector: 'http', settings: { url: `${server.url}/api` } }, 'test');
    const r = await pullSnapshot(connection, connector, { workspace: ws, retry: FAST });
    expect(await readFile(path.join(r.dir, 'data.csv'), 'utf8')).toBe('a,b,c\n1,,\n2,"x, y",\n,"z\nw",true\n');
    expect(r.meta.columns).toEqual(['a', 'b', 'c']);
    expect(r.meta.rows).toBe(3);
  });

  it('refuses plain http to anything but this machine, and URLs with credentials', () => {
    expect(() => checkedUrl('http://api.bamboohr.com/x', 'The setting "host"')).toThrow(/uses plain http to api\.bamboohr\.com; only https is allowed/);
    expect(() => checkedUrl('ftp://h/x', 'u')).toThrow(/only https URLs are allowed/);
    expect(() => checkedUrl('https://user:pw@h/x', 'u')).toThrow(/must not hold a user name or password/);
    expect(checkedUrl('http://127.0.0.1:9/x', 'u').host).toBe('127.0.0.1:9');
    expect(checkedUrl('http://localhost:9/x', 'u').host).toBe('localhost:9');
    const { connection, connector } = parseConnection({ name: 'x', connector: 'http', settings: { url: 'http://10.0.0.8/export.csv' } }, 'test');
    return expect(pullSnapshot(connection, connector, { workspace: ws })).rejects.toThrow(
      'The setting "url" uses plain http to 10.0.0.8; only https is allowed',
    );
  });
});
