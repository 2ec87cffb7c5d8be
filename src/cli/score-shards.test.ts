/**
 * crispflow score --shard i/n and score merge (issue 16), run as a cluster step would run them: the merged
 * shards equal one unsharded scoring, a missing input fails its shard by name, and the merge refuses to
 * write a partial result.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { crispflow, examplePipeline, repoRoot, tempDir } from './testing/run-cli.ts';
import { assignShard, parseShard, shardRange } from './score-shards.ts';

let work: string;
let model: string;
const lines = (file: string) => readFileSync(file, 'utf8').trimEnd().split(/\r?\n/);

/** promotion.csv cut into three files of different lengths (header in each). */
function splitSamples(dir: string): string[] {
  const [header, ...rows] = lines(path.join(repoRoot, 'public/samples/promotion.csv'));
  const cuts = [0, 100, 350, rows.length];
  return [0, 1, 2].map((k) => {
    const file = path.join(dir, `batch-${k + 1}.csv`);
    writeFileSync(file, [header, ...rows.slice(cuts[k], cuts[k + 1])].join('\n') + '\n');
    return file;
  });
}

beforeAll(() => {
  work = tempDir('crispflow-shards-');
  const r = crispflow(['run', examplePipeline('promotion-baseline'), '--out', path.join(work, 'run')]);
  expect(r.code, r.stderr).toBe(0);
  model = path.join(work, 'run', 'models', 'train-lr.model.json');
  expect(existsSync(model), `no model file in ${path.join(work, 'run', 'models')}`).toBe(true);
}, 120_000);

describe('shard arithmetic', () => {
  it('parses i/n and names the valid range otherwise', () => {
    expect(parseShard('3/10')).toEqual({ index: 3, count: 10 });
    expect(parseShard('0/4')).toBe('--shard 0/4: the shard must be between 1 and 4 (1/4 … 4/4).');
    expect(parseShard('5/4')).toMatch(/between 1 and 4/);
    expect(parseShard('a/b')).toMatch(/must be "i\/n"/);
  });
  it('gives every item to exactly one shard, in order', () => {
    const seen: number[] = [];
    for (let i = 1; i <= 4; i++) {
      const [from, to] = shardRange({ index: i, count: 4 }, 10);
      for (let k = from; k < to; k++) seen.push(k);
    }
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(assignShard(['a', 'b', 'c'], { index: 2, count: 2 })).toEqual({ files: ['b', 'c'] });
    expect(assignShard(['a'], { index: 2, count: 3 })).toEqual({ file: 'a', splitRows: true });
    expect(assignShard(['a', 'b'], { index: 1, count: 3 })).toMatch(/cannot be split into 3 shards/);
  });
});

describe('crispflow score --shard and score merge', () => {
  it('three shards of three files merge to exactly the unsharded scores', () => {
    const dir = tempDir('crispflow-shards-in-');
    const files = splitSamples(dir);
    const shards = path.join(dir, 'shards');
    for (let i = 1; i <= 3; i++) {
      const r = crispflow(['score', model, ...files.flatMap((f) => ['--input', f]), '--shard', `${i}/3`, '--out', shards]);
      expect(r.code, r.stderr).toBe(0);
    }
    const merged = path.join(dir, 'merged.csv');
    const m = crispflow(['score', 'merge', shards, '--shards', '3', '--out', merged]);
    expect(m.code, m.stderr).toBe(0);
    const whole = path.join(dir, 'whole.csv');
    const w = crispflow(['score', model, '--input', path.join(repoRoot, 'public/samples/promotion.csv'), '--out', whole]);
    expect(w.code, w.stderr).toBe(0);
    expect(lines(merged)).toEqual(lines(whole));
    expect(lines(merged).length).toBe(lines(path.join(repoRoot, 'public/samples/promotion.csv')).length);
  });

  it('one file is split by rows: four shards merge to the unsharded scores', () => {
    const dir = tempDir('crispflow-shards-rows-');
    const input = path.join(repoRoot, 'public/samples/promotion.csv');
    for (let i = 1; i <= 4; i++) expect(crispflow(['score', model, '--input', input, '--shard', `${i}/4`, '--out', dir]).code).toBe(0);
    const parts = [1, 2, 3, 4].map((i) => lines(path.join(dir, `part-${i}-of-4.csv`)).length - 1);
    expect(parts.reduce((a, b) => a + b, 0)).toBe(lines(input).length - 1);
    expect(crispflow(['score', 'merge', dir, '--shards', '4', '--out', path.join(dir, 'all.csv')]).code).toBe(0);
    const whole = path.join(dir, 'whole.csv');
    expect(crispflow(['score', model, '--input', input, '--out', whole]).code).toBe(0);
    expect(lines(path.join(dir, 'all.csv'))).toEqual(lines(whole));
  });

  it('a missing input fails its shard by name, and the merge names the missing shards and writes nothing', () => {
    const dir = tempDir('crispflow-shards-bad-');
    const files = splitSamples(dir);
    const gone = path.join(dir, 'not-there.csv');
    const inputs = [files[0], gone, files[2]].flatMap((f) => ['--input', f]);
    const out = path.join(dir, 'shards');
    expect(crispflow(['score', model, ...inputs, '--shard', '1/3', '--out', out]).code).toBe(0);
    const bad = crispflow(['score', model, ...inputs, '--shard', '2/3', '--out', out]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(`Shard 2/3 failed: its input file ${gone} does not exist.`);
    const merged = path.join(dir, 'merged.csv');
    const m = crispflow(['score', 'merge', out, '--shards', '3', '--out', merged]);
    expect(m.code).toBe(1);
    expect(m.stderr).toContain(`shard 2 (failed: its input file ${gone} does not exist.)`);
    expect(m.stderr).toContain(`shard 3 (no result in ${out})`);
    expect(existsSync(merged)).toBe(false);
  });

  it('files of one shard with other columns fail that shard, naming the file', () => {
    const dir = tempDir('crispflow-shards-cols-');
    const [a] = splitSamples(dir);
    const [header, ...rows] = lines(a);
    const cols = header.split(',');
    const swapped = path.join(dir, 'swapped.csv');
    // kpi_score and training_score swapped: same names, other order
    const swap = (line: string) => {
      const v = line.split(',');
      [v[4], v[5]] = [v[5], v[4]];
      return v.join(',');
    };
    writeFileSync(swapped, [swap(cols.join(',')), ...rows.map(swap)].join('\n') + '\n');
    const r = crispflow(['score', model, '--input', a, '--input', swapped, '--shard', '1/1', '--out', path.join(dir, 'out')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`its input file ${swapped} has the columns`);
    expect(existsSync(path.join(dir, 'out', 'part-1-of-1.csv'))).toBe(false);
  });

  it('shard out of range, bad model kind: exit 2 naming what is wrong', () => {
    const input = path.join(repoRoot, 'public/samples/promotion.csv');
    const r = crispflow(['score', model, '--input', input, '--shard', '11/10', '--out', tempDir()]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('between 1 and 10');
    const odd = path.join(tempDir(), 'odd.model.json');
    const parsed = JSON.parse(readFileSync(model, 'utf8')) as { model: { kind: string } };
    parsed.model.kind = 'quantum-forest';
    writeFileSync(odd, JSON.stringify(parsed));
    for (const args of [['--shard', '1/1', '--out', tempDir()], ['--out', path.join(tempDir(), 'x.csv')]]) {
      const k = crispflow(['score', odd, '--input', input, ...args]);
      expect(k.code, k.stderr).toBe(2);
      expect(k.stderr).toContain('"quantum-forest"');
    }
  });
});
