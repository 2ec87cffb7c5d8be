/**
 * Connectors (issue 14): a pull of 100,000 records in 10 pages over local HTTP (the Greenhouse Harvest
 * stand-in, run in a child process that keeps each page's text after the warm-up run: Link pagination, Basic auth) through the field flattening into a snapshot
 * (data.csv + meta.json, committed by rename). Target: at most 5 s. Wall time and this process's CPU time are
 * both recorded (on a shared machine wall time is inflated by other processes; the load average is noted).
 * Memory: the process's peak RSS above its level before the pull, sampled every 10 ms, next to the bytes the
 * server sent (a pull that held whole answers as strings would need several times that).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Bench } from './harness.ts';
import { parseConnection } from '../src/connectors/connection-file.ts';
import { pullSnapshot } from '../src/connectors/pull.ts';
import { candidate } from '../src/connectors/testing/greenhouse-stand-in.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The stand-in in its own process, so its work is not measured as the pull's. */
async function startServerProcess(key: string, total: number): Promise<{ url: string; stop: () => void }> {
  const code = `import { startGreenhouseStandIn } from ${JSON.stringify(path.join(root, 'src/connectors/testing/greenhouse-stand-in.ts'))};
const s = await startGreenhouseStandIn({ apiKey: ${JSON.stringify(key)}, total: ${total}, padding: 200, cachePages: true });
process.stdout.write(s.url + '\\n');`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.includes('\n')) resolve(out.trim());
    });
    child.on('exit', (c) => reject(new Error(`stand-in exited with ${c}`)));
  });
  return { url, stop: () => child.kill() };
}

/** CONNECTORS_BENCH_PAGES=20 pulls twice as much (pages of 10,000): the peak RSS delta should stay about the same. */
const PAGES = Number(process.env.CONNECTORS_BENCH_PAGES ?? 10);
const RECORDS = PAGES * 10_000;

const bench: Bench = async (record) => {
  const key = 'bench-key-0123456789';
  const server = await startServerProcess(key, RECORDS);
  const ws = mkdtempSync(path.join(os.tmpdir(), 'cf-bench-connectors-'));
  const { connection, connector } = parseConnection(
    { name: 'bench', connector: 'greenhouse', settings: { host: server.url, resource: 'candidates', perPage: String(RECORDS / PAGES) }, secrets: { apiKey: 'env:BENCH_GH_KEY' } },
    'bench',
  );
  let bytes = 0;
  const times: number[] = [];
  const cpus: number[] = [];
  const peaks: number[] = [];
  try {
    for (let run = 0; run < 4; run++) {
      (globalThis as { gc?: () => void }).gc?.();
      const base = process.memoryUsage.rss();
      let peak = base;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 10);
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const r = await pullSnapshot(connection, connector, { workspace: ws, env: { BENCH_GH_KEY: key } });
      const ms = performance.now() - t0;
      const cpu = process.cpuUsage(c0);
      clearInterval(sampler);
      peak = Math.max(peak, process.memoryUsage.rss());
      if (r.meta.rows !== RECORDS || r.meta.source.pages !== PAGES) throw new Error(`pulled ${r.meta.rows} rows in ${r.meta.source.pages} pages`);
      bytes = r.meta.bytes;
      if (run === 0) continue; // warm-up
      times.push(ms);
      cpus.push((cpu.user + cpu.system) / 1000);
      peaks.push((peak - base) / 1024 / 1024);
    }
  } finally {
    server.stop();
    rmSync(ws, { recursive: true, force: true });
  }
  times.sort((a, b) => a - b);
  peaks.sort((a, b) => a - b);
  cpus.sort((a, b) => a - b);
  const sent = RECORDS * JSON.stringify(candidate(50_000, 200)).length;
  record({
    name: `connectors: pull ${RECORDS.toLocaleString('en-US')} records in ${PAGES} pages into a snapshot`,
    ms: times[Math.floor(times.length / 2)],
    targetMs: 5000,
    notes: 'Greenhouse stand-in on 127.0.0.1 (child process), Link pagination, flattened to 12 columns, data.csv streamed and fsynced',
    extra: {
      cpuMs: Math.round(cpus[Math.floor(cpus.length / 2)]),
      loadAverage: Number(os.loadavg()[0].toFixed(1)),
      peakRssDeltaMiB: Number(peaks[peaks.length - 1].toFixed(1)),
      medianRssDeltaMiB: Number(peaks[Math.floor(peaks.length / 2)].toFixed(1)),
      answersMiB: Number((sent / 1024 / 1024).toFixed(1)),
      snapshotMiB: Number((bytes / 1024 / 1024).toFixed(1)),
    },
  });
};

export default bench;
