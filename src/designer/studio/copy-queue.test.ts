import { describe, expect, it } from 'vitest';
import { createCopyQueue } from './copy-queue.ts';

/** A job that finishes when told to, recording when it started and on which lane. */
function controlled(log: string[]) {
  const finish = new Map<string, (v: string) => void>();
  const fail = new Map<string, (e: Error) => void>();
  const job = (key: string) => (lane: number) => {
    log.push(`${key}@${lane}`);
    return new Promise<string>((resolve, reject) => {
      finish.set(key, resolve);
      fail.set(key, reject);
    });
  };
  return { job, finish, fail };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('createCopyQueue', () => {
  it('runs at most `lanes` jobs at a time, in order, each on a free lane', async () => {
    const log: string[] = [];
    const { job, finish } = controlled(log);
    const q = createCopyQueue<string>(2);
    const results = ['a', 'b', 'c', 'd'].map((k) => q.run(k, job(k)));
    expect(log).toEqual(['a@0', 'b@1']);
    finish.get('b')!('B');
    await tick();
    expect(log).toEqual(['a@0', 'b@1', 'c@1']);
    finish.get('a')!('A');
    await tick();
    expect(log).toEqual(['a@0', 'b@1', 'c@1', 'd@0']);
    finish.get('c')!('C');
    finish.get('d')!('D');
    expect(await Promise.all(results)).toEqual(['A', 'B', 'C', 'D']);
  });

  it('joins a job already running or waiting for the same key', async () => {
    const log: string[] = [];
    const { job, finish } = controlled(log);
    const q = createCopyQueue<string>(1);
    const first = q.run('a', job('a'));
    const again = q.run('a', job('a'));
    const waiting = q.run('b', job('b'));
    const waitingAgain = q.run('b', job('b'));
    expect(again).toBe(first);
    expect(waitingAgain).toBe(waiting);
    finish.get('a')!('A');
    await tick();
    finish.get('b')!('B');
    expect([await first, await waiting]).toEqual(['A', 'B']);
    expect(log).toEqual(['a@0', 'b@0']);
    // Once finished, the key can run again (a changed file is copied anew).
    const later = q.run('a', job('a'));
    finish.get('a')!('A2');
    expect(await later).toBe('A2');
  });

  it('puts an urgent key first, also one already waiting', async () => {
    const log: string[] = [];
    const { job, finish } = controlled(log);
    const q = createCopyQueue<string>(1);
    const all = ['a', 'b', 'c', 'd'].map((k) => q.run(k, job(k)));
    void q.run('c', job('c'), { urgent: true });
    const e = q.run('e', job('e'), { urgent: true });
    for (const k of ['a', 'e', 'c', 'b', 'd']) {
      await tick();
      finish.get(k)!(k.toUpperCase());
    }
    expect(await e).toBe('E');
    await Promise.all(all);
    expect(log).toEqual(['a@0', 'e@0', 'c@0', 'b@0', 'd@0']);
  });

  it('a failed job rejects its callers and frees its lane for the next', async () => {
    const log: string[] = [];
    const { job, fail, finish } = controlled(log);
    const q = createCopyQueue<string>(1);
    const bad = q.run('a', job('a'));
    const good = q.run('b', job('b'));
    const thrown = q.run('c', () => {
      throw new Error('c could not start');
    });
    fail.get('a')!(new Error('a failed'));
    await expect(bad).rejects.toThrow('a failed');
    await tick();
    finish.get('b')!('B');
    expect(await good).toBe('B');
    await expect(thrown).rejects.toThrow('c could not start');
    expect(() => createCopyQueue(0)).toThrow(/at least one lane/);
  });
});
