/** Test helpers: a real studio on 127.0.0.1 (a free port) over a temporary workspace and a small app folder. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { testAuditKeyFile } from '../../cli/testing/run-cli.ts';
import { startStudio, type StudioHandle, type StudioOptions } from '../start-studio.ts';

export const FIXTURE_INDEX = '<!doctype html><html><head><title>Crispflow</title></head><body><div id="root"></div><script type="module" src="/assets/index-AbCd1234.js"></script></body></html>';
export const FIXTURE_ASSET = 'console.log("crispflow fixture asset");';

/** A temp folder holding `app/` (a built-app stand-in), `ws/` (the workspace) and anything a test puts beside them. */
export function studioFixture(): { base: string; appDir: string; workspaceDir: string } {
  const base = mkdtempSync(path.join(os.tmpdir(), 'crispflow-studio-'));
  const appDir = path.join(base, 'app');
  mkdirSync(path.join(appDir, 'assets'), { recursive: true });
  writeFileSync(path.join(appDir, 'index.html'), FIXTURE_INDEX);
  writeFileSync(path.join(appDir, 'assets', 'index-AbCd1234.js'), FIXTURE_ASSET);
  writeFileSync(path.join(appDir, 'assets', 'kernel-Zy98Xw76.wasm'), Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
  mkdirSync(path.join(appDir, 'samples'));
  writeFileSync(path.join(appDir, 'samples', 'index.json'), '[]');
  return { base, appDir, workspaceDir: path.join(base, 'ws') };
}

export async function startTestStudio(o: Partial<StudioOptions> = {}): Promise<StudioHandle & { base: string; appDir: string; workspaceDir: string; origin: string }> {
  const fx = studioFixture();
  const studio = await startStudio({ workspaceDir: fx.workspaceDir, appDir: fx.appDir, port: 0, auditKeyFile: testAuditKeyFile, ...o });
  return { ...studio, ...fx, workspaceDir: o.workspaceDir ?? fx.workspaceDir, origin: `http://127.0.0.1:${studio.port}` };
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  text: string;
}

/**
 * One HTTP request with full control of the target and headers (fetch() normalises `..` and refuses to
 * set Host). `path` is sent exactly as given.
 */
export function rawRequest(port: number, o: { method?: string; path: string; headers?: Record<string, string>; body?: Buffer | string }): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: o.method ?? 'GET', path: o.path, headers: { Host: `127.0.0.1:${port}`, ...o.headers }, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, text: body.toString('utf8') });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    if (o.body !== undefined) req.end(o.body);
    else req.end();
  });
}
