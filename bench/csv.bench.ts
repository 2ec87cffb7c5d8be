/**
 * CSV import of 1,000,000 rows × 10 columns (ints, floats, categories, dates, booleans, text) in Node:
 * target ≤ 3 s with peak RSS ≤ 1 GB (issue 2). Each run happens in a fresh child process so its peak
 * RSS (process.resourceUsage().maxRSS) belongs to the import alone, not to earlier benches.
 *
 * Issue 17 (streaming import): a 1.43M-row file (the attrition panel's size at 10×) written to disk once,
 * then imported in fresh processes three ways: the whole text decoded and parsed (what importTable did
 * before streaming: decodeText + parseCsvAsync), importTable over the file's bytes in memory (streamed
 * from subarrays), and importTable over the file's fs stream (the bytes are never held whole either).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Bench } from './harness.ts';
import { createRng } from '../src/core/rng.ts';
import { parseCsvAsync } from '../src/io/csv.ts';
import { decodeText } from '../src/io/decode.ts';
import { importTable } from '../src/io/import.ts';
import { fileByteSource } from '../src/runtime/node/fs-dataset-provider.ts';

const ROWS = 1_000_000;
const DEPARTMENTS = ['Sales', 'Engineering', 'HR', 'Finance', 'Support', 'Legal', 'Operations', 'Marketing'];
const WORDS = ['reliable', 'leads', 'team', 'projects', 'customer', 'focus', 'needs', 'coaching', 'strong', 'analysis'];

/** A seeded 1M × 10 CSV as UTF-8 bytes (about 80 MB). */
export function generateCsv(rows = ROWS, seed = 7): Uint8Array {
  const rng = createRng(seed);
  const parts: string[] = ['employee_id,department,gender,age,salary,rating,hire_date,remote,score,comment\n'];
  const day = 86400000;
  const start = Date.UTC(2000, 0, 1);
  let batch: string[] = [];
  for (let i = 0; i < rows; i++) {
    const dept = DEPARTMENTS[Math.floor(rng.next() * DEPARTMENTS.length)];
    const gender = rng.next() < 0.5 ? 'F' : 'M';
    const age = 20 + Math.floor(rng.next() * 45);
    const salary = (30000 + rng.next() * 90000).toFixed(2);
    const rating = 1 + Math.floor(rng.next() * 5);
    const hire = new Date(start + Math.floor(rng.next() * 9000) * day).toISOString().slice(0, 10);
    const remote = rng.next() < 0.3 ? 'true' : 'false';
    const score = rng.next().toFixed(6);
    const n = 2 + Math.floor(rng.next() * 4);
    const words: string[] = [];
    for (let k = 0; k < n; k++) words.push(WORDS[Math.floor(rng.next() * WORDS.length)]);
    // Every tenth comment has a comma, so it is quoted (the slower parser path is exercised too).
    const comment = i % 10 === 0 ? `"${words.join(' ')}, overall ok"` : words.join(' ');
    batch.push(`${100000 + i},${dept},${gender},${age},${salary},${rating},${hire},${remote},${score},${comment}\n`);
    if (batch.length === 10000) {
      parts.push(batch.join(''));
      batch = [];
    }
  }
  parts.push(batch.join(''));
  return new TextEncoder().encode(parts.join(''));
}

async function child(): Promise<void> {
  const bytes = generateCsv();
  const before = process.memoryUsage().rss;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const r = await importTable(bytes, { fileName: 'bench.csv' });
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  // CPU time (all threads, incl. GC helpers) is less sensitive than wall time to a busy machine.
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const peakMb = process.resourceUsage().maxRSS / 1024;
  if (r.table.nRows !== ROWS || r.table.columns.length !== 10) throw new Error(`bad import: ${r.table.nRows} rows`);
  const types = r.table.columns.map((c) => c.type).join(',');
  process.stdout.write(JSON.stringify({ ms, cpuMs, peakMb, mbBefore: before / 2 ** 20, inputMb: bytes.length / 2 ** 20, types }));
}

const bench: Bench = async (record) => {
  const runs: Array<{ ms: number; cpuMs: number; peakMb: number; inputMb: number; types: string }> = [];
  for (let k = 0; k < 3; k++) {
    const out = execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url)], {
      env: { ...process.env, CRISPFLOW_CSV_BENCH_CHILD: '1' },
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    });
    runs.push(JSON.parse(out));
  }
  runs.sort((a, b) => a.ms - b.ms);
  const median = runs[1];
  const peak = Math.max(...runs.map((r) => r.peakMb));
  record({
    name: 'CSV import 1,000,000 × 10 (Node)',
    ms: median.ms,
    targetMs: 3000,
    notes: `peak RSS ${peak.toFixed(0)} MB (target ≤ 1024 MB, includes the ${median.inputMb.toFixed(0)} MB input and its generation); types ${median.types}`,
    extra: {
      peakRssMb: Math.round(peak),
      runsMs: runs.map((r) => Math.round(r.ms)).join('/'),
      cpuMs: runs.map((r) => Math.round(r.cpuMs)).join('/'),
    },
  });
  if (process.env.CRISPFLOW_CSV_BENCH_STREAMING !== '0') await streamingRows(record);
};

const STREAM_ROWS = 1_430_000;
type StreamMode = 'whole-text' | 'bytes' | 'file';

/** One import of `file` in this (fresh) process, the way `mode` says; prints time, CPU and peak RSS. */
async function streamChild(file: string, mode: StreamMode): Promise<void> {
  const before = process.memoryUsage().rss;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let rows: number;
  if (mode === 'file') {
    rows = (await importTable(fileByteSource(file, statSync(file).size), { fileName: 'panel.csv' })).table.nRows;
  } else {
    const buf = readFileSync(file);
    const bytes = new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
    if (mode === 'bytes') rows = (await importTable(bytes, { fileName: 'panel.csv' })).table.nRows;
    else rows = (await parseCsvAsync(decodeText(bytes).text, {})).table.nRows;
  }
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  if (rows !== STREAM_ROWS) throw new Error(`bad import: ${rows} rows`);
  process.stdout.write(JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000, peakMb: process.resourceUsage().maxRSS / 1024, baseMb: before / 2 ** 20 }));
}

/** The issue-17 rows: each mode three times in fresh processes, alternating, on one generated file. */
async function streamingRows(record: (r: import('./harness.ts').BenchResult) => void): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cf-csv-bench-'));
  const file = path.join(dir, 'panel.csv');
  try {
    writeFileSync(file, generateCsv(STREAM_ROWS, 17));
    const sizeMb = statSync(file).size / 2 ** 20;
    const modes: StreamMode[] = ['whole-text', 'bytes', 'file'];
    const runs = new Map<StreamMode, Array<{ ms: number; cpuMs: number; peakMb: number; baseMb: number }>>(modes.map((m) => [m, []]));
    for (let k = 0; k < 3; k++) {
      for (const mode of modes) {
        const out = execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url)], {
          env: { ...process.env, CRISPFLOW_CSV_BENCH_CHILD: 'stream', CRISPFLOW_CSV_BENCH_FILE: file, CRISPFLOW_CSV_BENCH_MODE: mode },
          encoding: 'utf8',
          maxBuffer: 1 << 20,
        });
        runs.get(mode)!.push(JSON.parse(out));
      }
    }
    const label: Record<StreamMode, string> = {
      'whole-text': 'before: whole text decoded, then parsed',
      bytes: 'after: importTable(bytes), streamed from the bytes in memory',
      file: 'after: importTable(file stream), the file never held whole',
    };
    for (const mode of modes) {
      const rs = runs.get(mode)!.slice().sort((a, b) => a.ms - b.ms);
      const median = rs[1];
      const peaks = rs.map((r) => r.peakMb).sort((a, b) => a - b);
      record({
        name: `CSV import 1,430,000 × 10 (${label[mode]})`,
        ms: median.ms,
        notes: `${sizeMb.toFixed(0)} MB file; peak RSS median ${peaks[1].toFixed(0)} MB (process at start ~${median.baseMb.toFixed(0)} MB)`,
        extra: {
          peakRssMb: Math.round(peaks[1]),
          runsMs: runs.get(mode)!.map((r) => Math.round(r.ms)).join('/'),
          cpuMs: runs.get(mode)!.map((r) => Math.round(r.cpuMs)).join('/'),
          peaksMb: runs.get(mode)!.map((r) => Math.round(r.peakMb)).join('/'),
          loadAverage: Number(os.loadavg()[0].toFixed(1)),
        },
      });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.env.CRISPFLOW_CSV_BENCH_CHILD === '1') await child();
if (process.env.CRISPFLOW_CSV_BENCH_CHILD === 'stream') await streamChild(process.env.CRISPFLOW_CSV_BENCH_FILE!, process.env.CRISPFLOW_CSV_BENCH_MODE as StreamMode);

export default bench;
