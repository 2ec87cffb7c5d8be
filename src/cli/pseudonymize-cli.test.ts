import { createHmac } from 'node:crypto';
import { chmodSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { crispflow, tempDir } from './testing/run-cli.ts';

/** source (people.csv) → pseudonymize (email, name) → export-table, run by the real command in worker threads. */
function setup() {
  const dir = tempDir('crispflow-pseudo-');
  const rows = ['employee_id,email,name,score'];
  for (let i = 0; i < 30; i++) rows.push(`${100 + i},person${i % 10}@example.com,${['Jane Doe', 'Omar Haddad', 'Priya Patel'][i % 3]},${(i / 30).toFixed(3)}`);
  writeFileSync(path.join(dir, 'people.csv'), rows.join('\n') + '\n');
  const doc = {
    schemaVersion: 1,
    metadata: { name: 'Pseudonymise people', seed: 1 },
    nodes: [
      { id: 'source', type: 'dataset-source', version: 1, params: { source: 'file', name: 'people.csv' }, position: { x: 0, y: 0 } },
      { id: 'pseudo', type: 'pseudonymize', version: 1, params: { columns: ['email', 'name'] }, position: { x: 200, y: 0 } },
      { id: 'export', type: 'export-table', version: 1, params: { fileName: 'people-pseudonymised' }, position: { x: 400, y: 0 } },
    ],
    edges: [
      { from: { node: 'source', port: 'table' }, to: { node: 'pseudo', port: 'table' } },
      { from: { node: 'pseudo', port: 'table' }, to: { node: 'export', port: 'table' } },
    ],
  };
  const pipeline = path.join(dir, 'people.pipeline.json');
  writeFileSync(pipeline, JSON.stringify(doc, null, 2));
  const keyFile = path.join(dir, 'keys', 'pseudonym.key');
  return { dir, pipeline, keyFile };
}

const readAll = (dir: string): string =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => readFileSync(path.join(e.parentPath, e.name), 'utf8'))
    .join('\n');

describe('pseudonymize through the CLI', () => {
  it('creates an owner-only key on first use, gives tokens stable across runs, and never writes the key out', () => {
    const { dir, pipeline, keyFile } = setup();
    const env = { CRISPFLOW_PSEUDONYM_KEY_FILE: keyFile };
    const out1 = path.join(dir, 'out1');
    const r1 = crispflow(['run', pipeline, '--data', dir, '--out', out1], env);
    expect(r1.code, r1.stderr).toBe(0);
    expect(r1.stderr).toContain(`Created the pseudonymisation key ${keyFile}`);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const keyHex = readFileSync(keyFile, 'utf8').trim();
    expect(keyHex).toMatch(/^[0-9a-f]{64}$/);

    const csv1 = readFileSync(path.join(out1, 'people-pseudonymised.csv'), 'utf8');
    const token = (v: string) => `p_${createHmac('sha256', Buffer.from(keyHex, 'hex')).update(v).digest('hex').slice(0, 16)}`;
    const lines = csv1.trim().split(/\r?\n/);
    expect(lines[0]).toBe('employee_id,email,name,score');
    expect(lines[1]).toBe(`100,${token('person0@example.com')},${token('Jane Doe')},0`);
    expect(csv1).not.toContain('@example.com');
    expect(csv1).not.toContain('Jane Doe');

    // the import warned about the personal-data columns, and summary.json keeps it
    const summary = JSON.parse(readFileSync(path.join(out1, 'summary.json'), 'utf8'));
    expect(summary.nodes.source.log).toContainEqual({ level: 'warn', message: expect.stringContaining('Column "email" looks like e-mail addresses') });
    expect(summary.nodes.pseudo.status).toBe('ok');

    // same key, same tokens; no new key
    const out2 = path.join(dir, 'out2');
    const r2 = crispflow(['run', pipeline, '--data', dir, '--out', out2], env);
    expect(r2.code, r2.stderr).toBe(0);
    expect(r2.stderr).not.toContain('Created the pseudonymisation key');
    expect(readFileSync(path.join(out2, 'people-pseudonymised.csv'), 'utf8')).toBe(csv1);

    // the key is in no output, log or pipeline file
    for (const text of [readAll(out1), readAll(out2), r1.stderr, r1.stdout, r2.stderr, readFileSync(pipeline, 'utf8')]) {
      expect(text).not.toContain(keyHex);
      expect(text).not.toContain(Buffer.from(keyHex, 'hex').toString('base64'));
    }
  });

  it('refuses a key file others can read, saying how to fix it', () => {
    const { dir, pipeline, keyFile } = setup();
    const env = { CRISPFLOW_PSEUDONYM_KEY_FILE: keyFile };
    expect(crispflow(['run', pipeline, '--data', dir, '--out', path.join(dir, 'a')], env).code).toBe(0);
    chmodSync(keyFile, 0o644);
    const out = path.join(dir, 'b');
    const r = crispflow(['run', pipeline, '--data', dir, '--out', out], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`chmod 600 ${keyFile}`);
    expect(existsSync(path.join(out, 'people-pseudonymised.csv'))).toBe(false);
  });
});
