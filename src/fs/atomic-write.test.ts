import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { removeStaleTempFiles, tempFileFor, writeFileAtomic } from './atomic-write.ts';

const tempDir = () => mkdtempSync(path.join(os.tmpdir(), 'crispflow-atomic-'));

describe('writeFileAtomic', () => {
  it('creates and replaces a file, leaving no temp file behind', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'summary.json');
    await writeFileAtomic(file, '{"a":1}');
    expect(readFileSync(file, 'utf8')).toBe('{"a":1}');
    await writeFileAtomic(file, new TextEncoder().encode('{"a":2}'));
    expect(readFileSync(file, 'utf8')).toBe('{"a":2}');
    expect(readdirSync(dir)).toEqual(['summary.json']);
  });

  it('creates a secret file readable by its owner only', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'key');
    await writeFileAtomic(file, 'secret', { mode: 0o600 });
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('leaves the old content and no temp file when the rename fails', async () => {
    const dir = tempDir();
    const target = path.join(dir, 'out');
    mkdirSync(target); // renaming a file over a folder fails
    writeFileSync(path.join(target, 'inside.txt'), 'old');
    await expect(writeFileAtomic(target, 'new')).rejects.toThrow();
    expect(readdirSync(dir)).toEqual(['out']);
    expect(readFileSync(path.join(target, 'inside.txt'), 'utf8')).toBe('old');
  });

  it('uses a hidden temp name in the same folder that names the writing process', () => {
    const t = tempFileFor('/x/y/registry.json');
    expect(path.dirname(t)).toBe('/x/y');
    expect(path.basename(t)).toMatch(new RegExp(`^\\.registry\\.json\\.${process.pid}\\.[0-9a-f]{12}\\.tmp$`));
    expect(tempFileFor('/x/a')).not.toBe(tempFileFor('/x/a'));
  });
});

describe('removeStaleTempFiles', () => {
  it('removes the temp file of a writer killed before its rename, and keeps the target intact', () => {
    const dir = tempDir();
    const file = path.join(dir, 'summary.json');
    writeFileSync(file, 'previous run');
    // A child process starts the atomic write of a large file and is killed with SIGKILL while it writes.
    const script = `
      import { open } from 'node:fs/promises';
      import { tempFileFor } from ${JSON.stringify(path.resolve('src/fs/atomic-write.ts'))};
      const h = await open(tempFileFor(${JSON.stringify(file)}), 'wx');
      await h.write('half of the new summary');
      process.kill(process.pid, 'SIGKILL');
    `;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(r.signal).toBe('SIGKILL');
    const left = readdirSync(dir).filter((n) => n.endsWith('.tmp'));
    expect(left).toHaveLength(1);
    expect(readFileSync(file, 'utf8')).toBe('previous run');
    return removeStaleTempFiles(dir).then((removed) => {
      expect(removed).toEqual(left);
      expect(readdirSync(dir)).toEqual(['summary.json']);
    });
  });

  it('keeps a live writer’s temp file, removes one older than this process or than the age limit, and the old names of a dead process', async () => {
    const dir = tempDir();
    const live = path.basename(tempFileFor(path.join(dir, 'a.json')));
    writeFileSync(path.join(dir, live), 'being written');
    const ourOld = path.basename(tempFileFor(path.join(dir, 'b.json')));
    writeFileSync(path.join(dir, ourOld), 'left by an earlier process with our pid');
    const past = new Date(Date.now() - process.uptime() * 1000 - 60_000);
    utimesSync(path.join(dir, ourOld), past, past);
    const deadPid = 2 ** 22 + 12345; // above Linux's pid_max: no such process
    writeFileSync(path.join(dir, `registry.json.${deadPid}.1700000000000.tmp`), 'old helper');
    writeFileSync(path.join(dir, `audit-log.jsonl.anchor.json.${deadPid}.tmp`), 'old helper');
    writeFileSync(path.join(dir, `notes.${process.pid}.tmp`), 'a live process’s file of the old pattern');
    writeFileSync(path.join(dir, 'data.tmp'), 'not ours');
    const removed = await removeStaleTempFiles(dir);
    expect(removed.sort()).toEqual([ourOld, `audit-log.jsonl.anchor.json.${deadPid}.tmp`, `registry.json.${deadPid}.1700000000000.tmp`].sort());
    expect(readdirSync(dir).sort()).toEqual(['data.tmp', live, `notes.${process.pid}.tmp`].sort());
    expect(await removeStaleTempFiles(dir, { maxAgeMs: -1 })).toEqual([live]);
  });

  it('has nothing to clean in a missing folder', async () => {
    expect(await removeStaleTempFiles(path.join(tempDir(), 'missing'))).toEqual([]);
  });
});
