/**
 * `npm run bench [filter]`: runs every bench/*.bench.ts (or those whose name contains the filter) and
 * prints a table to paste into BENCHMARKS.md. Run on a quiet machine; numbers are medians.
 */
import { readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Bench, BenchResult } from './harness.ts';

const dir = path.dirname(fileURLToPath(import.meta.url));
const filter = process.argv[2] ?? '';
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts') && f.includes(filter))
  .sort();
const results: BenchResult[] = [];
for (const f of files) {
  process.stderr.write(`running ${f}…\n`);
  const mod = (await import(pathToFileURL(path.join(dir, f)).href)) as { default: Bench };
  await mod.default((r) => {
    results.push(r);
    const verdict = r.targetMs === undefined ? '' : r.ms <= r.targetMs ? ' ✓' : ' ✗ over target';
    process.stderr.write(`  ${r.name}: ${r.ms.toFixed(1)} ms${r.targetMs ? ` (target ≤ ${r.targetMs} ms)` : ''}${verdict}\n`);
  });
}
const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
console.log(`\nMeasured ${new Date().toISOString().slice(0, 10)} on ${os.cpus().length} × ${cpu}, Node ${process.version}\n`);
console.log('| Benchmark | Median | Target | Result | Notes |');
console.log('|---|---:|---:|---|---|');
for (const r of results) {
  const ok = r.targetMs === undefined ? '' : r.ms <= r.targetMs ? 'met' : '**missed**';
  const extra = r.extra ? Object.entries(r.extra).map(([k, v]) => `${k}=${v}`).join(', ') : '';
  console.log(
    `| ${r.name} | ${r.ms.toFixed(1)} ms | ${r.targetMs !== undefined ? `${r.targetMs} ms` : ''} | ${ok} | ${[r.notes, extra].filter(Boolean).join('; ')} |`,
  );
}
