import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { newNodeWorker, profilerFlags, workerScriptFor } from './worker-script.ts';

describe('workerScriptFor', () => {
  it('runs a TypeScript entry that exists through the tsx bootstrap, passing the entry as argument', () => {
    const entry = new URL('./worker-entry.ts', import.meta.url);
    const { script, argv } = workerScriptFor(entry);
    expect(script.href).toBe(new URL('./worker-bootstrap.mjs', import.meta.url).href);
    expect(argv).toEqual([entry.href]);
  });

  it('maps a .ts entry to the built .js beside the calling bundle when the source is not there', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'crispflow-worker-script-'));
    writeFileSync(path.join(dir, 'score-worker.js'), '');
    const { script, argv } = workerScriptFor(pathToFileURL(path.join(dir, 'score-worker.ts')));
    expect(script.href).toBe(pathToFileURL(path.join(dir, 'score-worker.js')).href);
    expect(argv).toEqual([]);
  });

  it('names both places and the build list when the entry exists nowhere', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'crispflow-worker-script-'));
    expect(() => workerScriptFor(pathToFileURL(path.join(dir, 'nope.ts')))).toThrow(/nope\.ts exists neither as source nor as a built file .*nope\.js.*build-cli\.mjs/);
  });
});

describe('newNodeWorker', () => {
  it('starts a TypeScript entry from source and keeps workerData for the entry', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'crispflow-worker-script-'));
    writeFileSync(path.join(dir, 'package.json'), '{ "type": "module" }\n');
    const file = path.join(dir, 'echo-worker.ts');
    writeFileSync(
      file,
      "import { parentPort, workerData } from 'node:worker_threads';\nconst n: number = workerData.n;\nparentPort!.postMessage(n * 2);\n",
    );
    const worker = newNodeWorker(pathToFileURL(file), { workerData: { n: 21 } });
    const reply = await new Promise((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    await worker.terminate();
    expect(reply).toBe(42);
  });
});

describe('profilerFlags', () => {
  it('passes the CPU and heap profiler flags on to workers, and nothing else of the parent', () => {
    const execArgv = ['--import', 'tsx', '--cpu-prof', '--cpu-prof-dir=/tmp/p', '--expose-gc', '--heap-prof-interval=1024', '--max-semi-space-size=2'];
    expect(profilerFlags(execArgv)).toEqual(['--cpu-prof', '--cpu-prof-dir=/tmp/p', '--heap-prof-interval=1024']);
    expect(profilerFlags(['--inspect'])).toEqual([]);
  });
});
