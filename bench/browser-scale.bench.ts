/**
 * The attrition template in the designer at scale (issue 17: 10× the sample data in a browser tab, no
 * long task over 50 ms on the main thread, the tab under 1.5 GB). The studio serves a workspace holding
 * the five generated CSV tables (200,000 employees × 2 years by default; CRISPFLOW_BENCH_SCALE=1 for
 * 20,000), the designer opens examples/attrition.pipeline.json with its sources pointed at them and runs
 * it all. Reported: wall time to the last node, the renderer process's peak resident memory (the page and
 * its Web Workers share that process), and the main thread's long tasks.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { tableToCsv } from '../src/io/csv-export.ts';
import { generateAttrition } from '../src/samples/attrition.ts';
import type { Bench } from './harness.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SCALE = Number(process.env.CRISPFLOW_BENCH_SCALE ?? 10);
const LONG_TASK_MS = 50;
const TAB_BUDGET_MB = 1536;

/** Resident memory (MB) of every Chromium renderer process: the one tab's page and workers. */
function rendererRssMb(): number {
  let kb = 0;
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmd.includes('--type=renderer')) continue;
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (m) kb += Number(m[1]);
    } catch {
      /* the process ended meanwhile */
    }
  }
  return kb / 1024;
}

async function startStudio(workspace: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [path.join(root, 'bin/crispflow.mjs'), 'studio', '--workspace', workspace, '--port', '0'], {
    cwd: root,
    env: { ...process.env, CRISPFLOW_AUDIT_KEY_FILE: path.join(workspace, '..', 'audit.key') },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`crispflow studio exited with ${code}: ${out}`)));
  });
  return {
    url,
    stop: async () => {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

const bench: Bench = async (record) => {
  const { findChromium } = (await import('../scripts/find-chromium.mjs' as string)) as { findChromium(o?: { install?: boolean }): string | null };
  const executablePath = findChromium({ install: false });
  if (!executablePath) {
    process.stderr.write('  browser scale: skipped (no Chromium found; see scripts/find-chromium.mjs)\n');
    return;
  }
  const employees = 20_000 * SCALE;
  const base = mkdtempSync(path.join(os.tmpdir(), 'crispflow-browser-scale-'));
  const workspace = path.join(base, 'workspace');
  mkdirSync(path.join(workspace, 'datasets'), { recursive: true });
  const tables = generateAttrition({ employees, years: 2 });
  for (const [name, t] of Object.entries(tables)) writeFileSync(path.join(workspace, 'datasets', `${name}.csv`), tableToCsv(t, { newline: '\n' }));

  // The template as shipped, reading the workspace's files ("upload" names in the studio).
  const doc = JSON.parse(readFileSync(path.join(root, 'examples/attrition.pipeline.json'), 'utf8'));
  for (const n of doc.nodes) if (n.type === 'dataset-source') n.params = { ...n.params, source: 'upload' };
  doc.metadata.name = `Attrition ${SCALE}×`;

  const studio = await startStudio(workspace);
  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.addInitScript((threshold: number) => {
      const w = window as unknown as { __longTasks: number[] };
      w.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) if (e.duration > threshold) w.__longTasks.push(Math.round(e.duration));
      }).observe({ type: 'longtask', buffered: true });
    }, LONG_TASK_MS);
    await page.goto(studio.url);
    await page.getByTestId('studio-badge').filter({ hasText: 'Studio:' }).waitFor({ state: 'visible' });
    // A fresh profile opens the template gallery: start from an empty canvas, as a person opening a file does.
    const gallery = page.getByRole('dialog', { name: 'Start a pipeline' });
    await gallery.getByRole('button', { name: /Empty canvas/ }).click();
    await gallery.waitFor({ state: 'hidden' });
    await page.getByTestId('open-file-input').setInputFiles({ name: 'attrition.pipeline.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(doc)) });
    await page.getByLabel('Pipeline name').and(page.locator(`[value="${doc.metadata.name}"]`)).waitFor();
    await page.evaluate(() => ((window as unknown as { __longTasks: number[] }).__longTasks = []));

    const t0 = performance.now();
    let peakMb = rendererRssMb();
    await page.getByRole('toolbar', { name: 'Pipeline actions' }).getByRole('button', { name: /Run all/ }).click();
    const states = () => page.locator('[data-testid="node-card"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-status') ?? ''));
    const busy = (s: string[]) => s.some((x) => x === 'running' || x === 'queued');
    let last: string[] = await states();
    // The run has begun when a card is busy; it has ended when none is.
    for (let k = 0; k < 40 && !busy(last); k++) {
      await page.waitForTimeout(50);
      last = await states();
    }
    for (;;) {
      peakMb = Math.max(peakMb, rendererRssMb());
      last = await states();
      if (!busy(last)) break;
      if (performance.now() - t0 > 20 * 60_000) throw new Error('the run did not finish within 20 minutes');
      await page.waitForTimeout(500);
    }
    const ms = performance.now() - t0;
    const longTasks = await page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks);
    const failed = last.filter((s) => s === 'error' || s === 'skipped').length;
    record({
      name: `attrition template in the designer (Chromium), ${employees.toLocaleString('en')} employees × 2 years`,
      ms,
      notes: `studio workspace datasets; tab peak ${Math.round(peakMb)} MB (budget ${TAB_BUDGET_MB} MB); long tasks > ${LONG_TASK_MS} ms: ${longTasks.length ? longTasks.join(', ') + ' ms' : 'none'}`,
      extra: { peakMb: Math.round(peakMb), longTasks: longTasks.length, maxLongTaskMs: longTasks.length ? Math.max(...longTasks) : 0, failedNodes: failed, nodes: last.length },
    });
  } finally {
    await browser.close();
    await studio.stop();
    rmSync(base, { recursive: true, force: true });
  }
};
export default bench;
