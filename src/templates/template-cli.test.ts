/** `crispflow template roles|apply` and `run --map` refusing a mapping (exit 2, naming the role, nothing run). */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const template = path.join(root, 'examples/resume-screening.pipeline.json');
const cli = (...args: string[]) => spawnSync(process.execPath, [path.join(root, 'bin/crispflow.mjs'), ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });

describe('crispflow template', () => {
  it('roles lists what a mapping must give, with an example file', () => {
    const r = cli('template', 'roles', template);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^target\s+target\s+required\s+Outcome column; template: "label"$/m);
    expect(r.stdout).toContain('"favourable": "Interview"');
  });

  it('apply writes the mapped pipeline; a required role left empty is refused by name', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'crispflow-template-'));
    const map = path.join(dir, 'map.json');
    const out = path.join(dir, 'mine.pipeline.json');
    writeFileSync(map, JSON.stringify({ roles: { resumes: 'cands.csv', target: 'decision', favourable: 'Y', protected: 'sex', text: 'cv' } }));
    const ok = cli('template', 'apply', template, '--map', map, '--out', out);
    expect(ok.status, ok.stderr).toBe(0);
    const doc = JSON.parse(readFileSync(out, 'utf8'));
    expect(doc.nodes.find((n: { id: string }) => n.id === 'train-lr').params).toMatchObject({ target: 'decision', positive: 'Y' });

    writeFileSync(map, JSON.stringify({ roles: { resumes: 'cands.csv', favourable: 'Y', protected: 'sex', text: 'cv' } }));
    const refused = cli('template', 'apply', template, '--map', map, '--out', path.join(dir, 'other.json'));
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('The mapping leaves the required role "Outcome column" (target) empty');
    expect(existsSync(path.join(dir, 'other.json'))).toBe(false);
    const run = cli('run', template, '--map', map, '--out', path.join(dir, 'out'));
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('(target) empty');
    expect(existsSync(path.join(dir, 'out', 'summary.json'))).toBe(false);
  });
});
