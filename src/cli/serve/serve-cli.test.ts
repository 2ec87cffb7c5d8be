import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { examplePipeline, repoRoot, tempDir } from '../testing/run-cli.ts';

interface Started {
  child: ChildProcess;
  stderr: () => string;
  base: string;
  exit: Promise<number | null>;
}

const running: ChildProcess[] = [];
afterEach(() => {
  for (const c of running.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});

/** Starts the real `crispflow serve` and waits for its "Try:" line (printed once it listens). */
function startCli(args: string[], env: Record<string, string | undefined> = {}): Promise<Started> {
  const child = spawn(process.execPath, [path.join(repoRoot, 'bin/crispflow.mjs'), 'serve', ...args], {
    cwd: repoRoot,
    env: { ...process.env, CRISPFLOW_SERVE_TOKEN: undefined, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.push(child);
  let text = '';
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (c: string) => {
      text += c;
      const m = /Serving the .* on (http:\/\/127\.0\.0\.1:\d+) /.exec(text);
      if (m && /^Try: .*\n/m.test(text)) resolve({ child, stderr: () => text, base: m[1], exit });
    });
    void exit.then((code) => reject(new Error(`crispflow serve exited with ${code} before serving:\n${text}`)));
  });
}

describe('crispflow serve (the real command)', () => {
  it('prints a generated token once with a working curl example, keeps training ranges with --model, and stops cleanly', async () => {
    const dir = tempDir('crispflow-serve-');
    const modelFile = path.join(dir, 'promotion.model.json');
    const first = await startCli([examplePipeline('promotion-baseline'), '--port', '0', '--model', modelFile]);
    const err = first.stderr();
    const token = /Access token \(made for this run; .*\): (\S+)\n/.exec(err)?.[1] ?? '';
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(err.split(token).length - 1).toBe(2); // the token line and the curl example, nowhere else
    const tryLine = /^Try: +curl -H "Authorization: Bearer (\S+)" -H 'Content-Type: application\/json' -d '(.*)' (\S+)$/m.exec(err);
    expect(tryLine?.[1]).toBe(token);
    expect(tryLine?.[3]).toBe(`${first.base}/score`);

    expect((await fetch(`${first.base}/health`)).status).toBe(200);
    expect((await fetch(`${first.base}/score`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: tryLine![2] })).status).toBe(401);
    const scored = await fetch(`${first.base}/score`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: tryLine![2] });
    expect(scored.status).toBe(200);
    const body = await scored.json();
    expect(body.results[0]).toMatchObject({ missingFeatures: { count: 0, names: [] }, outOfRange: [], ignoredFields: [] });
    expect(body.results[0].score).toBeGreaterThan(0);

    const rangesFile = path.join(dir, 'promotion.model.training-ranges.json');
    expect(existsSync(modelFile)).toBe(true);
    const ranges = JSON.parse(readFileSync(rangesFile, 'utf8'));
    expect(ranges.format).toBe('crispflow-training-ranges/1');
    expect(ranges.modelFingerprint).toBe(body.model.fingerprint);
    const tenure = ranges.features.find((f: { name: string }) => f.name === 'tenure_years');
    expect(tenure.max).toBeGreaterThan(tenure.min);
    expect(readFileSync(rangesFile, 'utf8')).not.toContain(token);

    first.child.kill('SIGTERM');
    expect(await first.exit).toBe(0);

    // Second start: the model and its ranges come from the files; the token from the environment is not printed.
    const chosen = 'env-token-0123456789-abcdefgh';
    const second = await startCli([examplePipeline('promotion-baseline'), '--port', '0', '--model', modelFile], { CRISPFLOW_SERVE_TOKEN: chosen });
    expect(second.stderr()).toMatch(/Loaded the logistic-regression model/);
    expect(second.stderr()).not.toContain(chosen);
    expect(second.stderr()).toContain('Every route but /health needs the token from CRISPFLOW_SERVE_TOKEN.');
    const row = { ...JSON.parse(tryLine![2]).rows[0], tenure_years: tenure.max + 10 };
    const far = await fetch(`${second.base}/score`, { method: 'POST', headers: { authorization: `Bearer ${chosen}`, 'content-type': 'application/json' }, body: JSON.stringify([row]) });
    expect(far.status).toBe(200);
    expect((await far.json()).results[0].outOfRange).toEqual([{ feature: 'tenure_years', value: tenure.max + 10, min: tenure.min, max: tenure.max, side: 'above' }]);
    second.child.kill('SIGINT');
    expect(await second.exit).toBe(0);
  }, 120_000);

  it('refuses a short token and a bad --max-rows with exit 2 before training', async () => {
    const short = spawn(process.execPath, [path.join(repoRoot, 'bin/crispflow.mjs'), 'serve', examplePipeline('promotion-baseline'), '--token', 'abc'], { cwd: repoRoot });
    running.push(short);
    let err = '';
    short.stderr.on('data', (c: Buffer) => (err += c.toString()));
    expect(await new Promise((r) => short.once('exit', r))).toBe(2);
    expect(err).toMatch(/at least 16 characters long .*\(from --token\)/);
    expect(err).not.toMatch(/Training/);
    const rows = spawn(process.execPath, [path.join(repoRoot, 'bin/crispflow.mjs'), 'serve', examplePipeline('promotion-baseline'), '--max-rows', '0'], { cwd: repoRoot });
    running.push(rows);
    let err2 = '';
    rows.stderr.on('data', (c: Buffer) => (err2 += c.toString()));
    expect(await new Promise((r) => rows.once('exit', r))).toBe(2);
    expect(err2).toContain('--max-rows must be a whole number of at least 1.');
  }, 60_000);
});
