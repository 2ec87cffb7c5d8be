/**
 * Sharded scoring at scale (issue 16): 10,000,000 rows in 10 input files of 1,000,000 (generated into a temp
 * folder from the promotion sample's rows, each with its own employee_id), scored by the promotion baseline's
 * logistic regression in 10 shards, each `crispflow score … --shard i/10` its own process, as a cluster
 * would run them; then `crispflow score merge`. Per shard: wall time, CPU time (user + system) and the
 * process's peak RSS from /usr/bin/time (the whole process, threads included). The merged file's row count
 * is checked. SHARD_BENCH_PARALLEL=2 runs two shards at a time (default one: per-shard numbers without
 * competition between them). Wall times on a shared machine are inflated by other work: the load average
 * is recorded before and after.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Bench } from './harness.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLI = path.join(root, 'bin/crispflow.mjs');
const FILES = 10;
const ROWS_PER_FILE = Number(process.env.SHARD_BENCH_ROWS_PER_FILE ?? 1_000_000);
const SHARDS = 10;
const PARALLEL = Number(process.env.SHARD_BENCH_PARALLEL ?? 1);

/** The input files: the sample's rows over and over, employee ids counting up across files. */
async function generateInputs(dir: string): Promise<string[]> {
  const [header, ...rows] = readFileSync(path.join(root, 'public/samples/promotion.csv'), 'utf8').trimEnd().split(/\r?\n/);
  const rest = rows.map((r) => r.slice(r.indexOf(',')));
  const files: string[] = [];
  let id = 1;
  for (let f = 0; f < FILES; f++) {
    const file = path.join(dir, `employees-${String(f + 1).padStart(2, '0')}.csv`);
    const out = createWriteStream(file);
    out.write(`${header}\n`);
    for (let start = 0; start < ROWS_PER_FILE; start += 10_000) {
      const lines: string[] = [];
      for (let k = start; k < Math.min(start + 10_000, ROWS_PER_FILE); k++) lines.push(`${id++}${rest[k % rest.length]}`);
      if (!out.write(`${lines.join('\n')}\n`)) await new Promise<void>((r) => out.once('drain', () => r()));
    }
    await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
    files.push(file);
  }
  return files;
}

interface Measured {
  code: number | null;
  wallS: number;
  cpuS: number;
  maxRssMiB: number;
  stderr: string;
}

/** One crispflow process under /usr/bin/time: wall, user + system CPU and peak RSS. */
function timed(args: string[]): Promise<Measured> {
  return new Promise((resolve) => {
    const child = spawn('/usr/bin/time', ['-f', 'TIME %e %U %S %M', process.execPath, CLI, ...args], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (code) => {
      const m = /TIME ([\d.]+) ([\d.]+) ([\d.]+) (\d+)/.exec(stderr);
      resolve({ code, wallS: Number(m?.[1]), cpuS: Number(m?.[2]) + Number(m?.[3]), maxRssMiB: Number(m?.[4]) / 1024, stderr });
    });
  });
}

async function countLines(file: string): Promise<number> {
  let n = 0;
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) n++;
  return n;
}

const bench: Bench = async (record) => {
  if (!existsSync('/usr/bin/time')) throw new Error('This benchmark reads peak memory with /usr/bin/time (apt-get install time).');
  const work = mkdtempSync(path.join(os.tmpdir(), 'cf-bench-shards-'));
  try {
    const run = spawnSync(process.execPath, [CLI, 'run', path.join(root, 'examples/promotion-baseline.pipeline.json'), '--out', path.join(work, 'run')], { cwd: root, encoding: 'utf8', env: { ...process.env, CRISPFLOW_AUDIT_KEY_FILE: path.join(work, 'audit.key') } });
    if (run.status !== 0) throw new Error(`training the model failed: ${run.stderr}`);
    const model = path.join(work, 'run/models/train-lr.model.json');
    const t0 = performance.now();
    const files = await generateInputs(work);
    process.stderr.write(`  generated ${FILES} x ${ROWS_PER_FILE} rows in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
    const loadBefore = os.loadavg()[0];
    const out = path.join(work, 'shards');
    const results: Measured[] = [];
    const tAll = performance.now();
    for (let first = 1; first <= SHARDS; first += PARALLEL) {
      const batch = Array.from({ length: Math.min(PARALLEL, SHARDS - first + 1) }, (_, k) => first + k);
      const done = await Promise.all(batch.map((i) => timed(['score', model, ...files.flatMap((f) => ['--input', f]), '--shard', `${i}/${SHARDS}`, '--out', out])));
      for (const [k, m] of done.entries()) {
        if (m.code !== 0) throw new Error(`shard ${batch[k]} failed (exit ${m.code}): ${m.stderr}`);
        results[batch[k] - 1] = m;
        process.stderr.write(`  shard ${batch[k]}/${SHARDS}: ${m.wallS.toFixed(1)} s wall, ${m.cpuS.toFixed(1)} s CPU, peak RSS ${m.maxRssMiB.toFixed(0)} MiB\n`);
      }
    }
    const shardsWallS = (performance.now() - tAll) / 1000;
    const merged = path.join(work, 'scored.csv');
    const merge = await timed(['score', 'merge', out, '--shards', String(SHARDS), '--out', merged]);
    if (merge.code !== 0) throw new Error(`merge failed: ${merge.stderr}`);
    const lines = await countLines(merged);
    if (lines !== FILES * ROWS_PER_FILE + 1) throw new Error(`the merged file has ${lines - 1} rows, not ${FILES * ROWS_PER_FILE}`);
    const loadAfter = os.loadavg()[0];
    const load = `load average ${loadBefore.toFixed(1)} before, ${loadAfter.toFixed(1)} after`;
    for (const [i, m] of results.entries()) {
      record({ name: `score shard ${i + 1}/${SHARDS} (${ROWS_PER_FILE.toLocaleString('en')} rows)`, ms: m.wallS * 1000, extra: { cpuS: m.cpuS.toFixed(1), peakRssMiB: m.maxRssMiB.toFixed(0) } });
    }
    record({
      name: `score merge (${(FILES * ROWS_PER_FILE).toLocaleString('en')} rows)`,
      ms: merge.wallS * 1000,
      extra: { cpuS: merge.cpuS.toFixed(1), peakRssMiB: merge.maxRssMiB.toFixed(0) },
      notes: `shards ${PARALLEL} at a time, all shards ${shardsWallS.toFixed(1)} s wall; ${load}`,
    });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
};

export default bench;
