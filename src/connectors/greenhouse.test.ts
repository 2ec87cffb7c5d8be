import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseConnection } from './connection-file.ts';
import { nextLink } from './json-records.ts';
import { pullSnapshot, testConnection } from './pull.ts';
import { listSnapshots } from './snapshot-store.ts';
import { startGreenhouseStandIn, type GreenhouseOptions } from './testing/greenhouse-stand-in.ts';
import type { StandIn } from './testing/stand-in-server.ts';
import { greenhouseConnector } from './greenhouse.ts';
import { HttpClient } from './http-client.ts';
import { withSettingDefaults } from './settings.ts';
import type { RecordBatch } from './types.ts';

const KEY = 'gh-harvest-key-2b8d41';
const FAST = { baseDelayMs: 5, maxDelayMs: 20, timeoutMs: 2000 };
const env = { CF_GH: KEY };
let server: StandIn | undefined;
let ws: string;

beforeEach(async () => {
  ws = await mkdtemp(path.join(tmpdir(), 'cf-gh-'));
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  await rm(ws, { recursive: true, force: true });
});

async function setup(o: Partial<GreenhouseOptions>, settings: Record<string, unknown> = {}) {
  server = await startGreenhouseStandIn({ apiKey: KEY, total: 25, ...o });
  return parseConnection({ name: 'greenhouse', connector: 'greenhouse', settings: { host: server.url, resource: 'candidates', perPage: '10', ...settings }, secrets: { apiKey: 'env:CF_GH' } }, 'test');
}

describe('Greenhouse Harvest connector against a local stand-in', () => {
  it('follows the Link header page by page (Basic "<key>:") and flattens nested fields', async () => {
    const { connection, connector } = await setup({});
    const r = await pullSnapshot(connection, connector, { workspace: ws, env, retry: FAST });
    expect(server!.requests.map((q) => q.url)).toEqual(['/v1/candidates?per_page=10', '/v1/candidates?per_page=10&page=2', '/v1/candidates?per_page=10&page=3']);
    expect(Buffer.from(server!.requests[0].headers.authorization!.slice(6), 'base64').toString()).toBe(`${KEY}:`);
    expect(r.meta.rows).toBe(25);
    expect(r.meta.source.pages).toBe(3);
    const lines = (await readFile(path.join(r.dir, 'data.csv'), 'utf8')).trim().split('\n');
    expect(lines[0]).toBe('id,first_name,last_name,company,title,created_at,application_ids,email_addresses.value,email_addresses.type,tags,years_experience');
    expect(lines[1]).toBe('5000000,First0,Last0,Acme,Analyst,2025-01-10T10:00:00.000Z,9000000,c0@example.com,personal,referral; python,0');
  });

  it('waits for X-RateLimit-Reset when X-RateLimit-Remaining reaches 0', async () => {
    const { connection, connector } = await setup({ limit: 2, resetSeconds: 1 });
    const log: string[] = [];
    const t0 = Date.now();
    await pullSnapshot(connection, connector, { workspace: ws, env, retry: FAST, log: (l) => log.push(l) });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(950);
    expect(log).toEqual([expect.stringMatching(/^rate limit reached; waiting (0\.9|1\.0) s before page 3 of candidates$/)]);
  });

  it('a 429 waits for Retry-After; a body cut off mid-page is fetched again', async () => {
    const { connection, connector } = await setup({});
    server!.faults.push({ kind: 'status', status: 429, headers: { 'Retry-After': '0' } });
    const r = await pullSnapshot(connection, connector, { workspace: ws, env, retry: FAST });
    expect(r.meta.source.retries).toBe(1);
    server!.faults.push({ kind: 'truncate' });
    const again = await pullSnapshot(connection, connector, { workspace: ws, env, retry: FAST });
    expect(again.meta.rows).toBe(25);
    expect(again.meta.source.retries).toBe(1);
  });

  it('never sends the key to another host named by a next link', async () => {
    const { connection, connector } = await setup({ foreignNext: 'https://evil.example.com/v1/candidates?page=2' });
    await expect(pullSnapshot(connection, connector, { workspace: ws, env, retry: FAST })).rejects.toThrow(
      'Connection "greenhouse": the next-page link of page 1 of candidates points to another host (https://evil.example.com/v1/candidates); the API key is only sent to http://127.0.0.1:',
    );
    expect(await listSnapshots(ws, 'greenhouse')).toEqual([]);
  });

  it('a refused key names the Harvest API key; a test reads only the first page', async () => {
    const { connection, connector } = await setup({});
    const bad = await testConnection(connection, connector, { workspace: ws, env: { CF_GH: 'not-the-key-000' }, retry: FAST });
    expect(bad.message).toMatch(/^Connection "greenhouse": the Greenhouse Harvest API key \(secret "apiKey"\) was refused by 127\.0\.0\.1:\d+ \(HTTP 401 Unauthorized\) for page 1 of candidates\./);
    const ok = await testConnection(connection, connector, { workspace: ws, env, retry: FAST });
    expect(ok).toMatchObject({ ok: true, message: 'Connected: the candidates answered; read the first 5 records with 11 fields.' });
    expect(server!.requests.filter((q) => q.headers.authorization?.includes(Buffer.from(`${KEY}:`).toString('base64')))).toHaveLength(1);
  });

  it('reports progress per page and stops when cancelled, saving nothing', async () => {
    const { connection, connector } = await setup({ total: 60 });
    const controller = new AbortController();
    const seen: number[] = [];
    const pull = pullSnapshot(connection, connector, {
      workspace: ws,
      env,
      retry: FAST,
      signal: controller.signal,
      progress: (p) => {
        if (p.records) seen.push(p.records);
        if (p.records >= 20) controller.abort();
      },
    });
    await expect(pull).rejects.toThrow('The pull was cancelled; nothing was saved.');
    expect(seen).toEqual([10, 20]);
    expect(server!.requests.length).toBeLessThanOrEqual(3);
    expect(await listSnapshots(ws, 'greenhouse')).toEqual([]);
  });

  it('a 403 says the key was accepted but lacks the permission', async () => {
    const { connection, connector } = await setup({});
    server!.faults.push({ kind: 'status', status: 403 });
    const r = await testConnection(connection, connector, { workspace: ws, env, retry: FAST });
    expect(r.message).toMatch(/the Greenhouse Harvest API key \(secret "apiKey"\) was refused by 127\.0\.0\.1:\d+ \(HTTP 403 Forbidden\) for page 1 of candidates\. It was accepted but lacks the permission for this data/);
  });

  it('parses Link headers as RFC 8288 writes them', () => {
    expect(nextLink('<https://h/v1/c?page=2>; rel="next", <https://h/v1/c?page=9>; rel="last"')).toBe('https://h/v1/c?page=2');
    expect(nextLink('<https://h/v1/c?page=9>; rel="last"')).toBeUndefined();
    expect(nextLink('<https://h/a,b>; rel="prev next"')).toBe('https://h/a,b');
    expect(nextLink(null)).toBeUndefined();
  });

  it('requests the next page while the caller still works on this one, and drops it when the caller stops', async () => {
    server = await startGreenhouseStandIn({ apiKey: KEY, total: 35 });
    const signal = new AbortController().signal;
    const ctx = {
      connection: 'greenhouse',
      settings: withSettingDefaults(greenhouseConnector.settings, { host: server.url, resource: 'candidates', perPage: '10' }),
      secrets: { apiKey: KEY },
      http: new HttpClient({ connection: 'greenhouse', signal, redact: (s: string) => s, retry: FAST }),
      signal,
    };
    const pages = greenhouseConnector.pull(ctx) as AsyncGenerator<RecordBatch>;
    const first = await pages.next();
    expect(first.done).toBe(false);
    expect((first.value as RecordBatch).records).toHaveLength(10);
    // Page 1 is in the caller's hands and next() has not been called: page 2 is on its way already.
    await vi.waitFor(() => expect(server!.requests.map((q) => q.url)).toEqual(['/v1/candidates?per_page=10', '/v1/candidates?per_page=10&page=2']), { timeout: 5000, interval: 10 });
    const second = await pages.next();
    expect((second.value as RecordBatch).records.map((r) => r.id)).toEqual(Array.from({ length: 10 }, (_, i) => 5000010 + i));
    await pages.return(undefined);
    // Stopped after page 2: page 3 (requested ahead) is cancelled, page 4 never asked for.
    await new Promise((r) => setTimeout(r, 100));
    expect(server!.requests.length).toBeLessThanOrEqual(3);
  });
});
