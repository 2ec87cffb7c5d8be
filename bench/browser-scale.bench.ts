/**
 * The attrition template in the designer at scale (issue 17: 10× the sample data in a browser tab, no
 * long task over 50 ms on the main thread, the tab under 1.5 GB). The studio serves a workspace holding
 * the five generated CSV tables (200,000 employees × 2 years by default; CRISPFLOW_BENCH_SCALE=1 for
 * 20,000), the designer opens examples/attrition.pipeline.json with its sources pointed at them and runs
 * it all. Reported: wall time to the last node, the renderer process's peak resident memory (the page and
 * its Web Workers share that process), and the main thread's long tasks.
 *
 * Diagnostics: CRISPFLOW_BENCH_PROFILE=<file.cpuprofile> records the main thread's CPU profile during the
 * run (Chrome DevTools Protocol) and prints the functions with the most self and inclusive time, and what
 * ran inside each long task; CRISPFLOW_BENCH_APP_DIR=<folder> serves another build of the designer (e.g.
 * `npx vite build --sourcemap --outDir /tmp/x` to read the profile with source names);
 * CRISPFLOW_BENCH_TRACE=<file.json> records a Chromium trace and prints what the main thread's long tasks
 * spent their time on, native work included (deserialising messages, layout, garbage collection);
 * CRISPFLOW_BENCH_OPEN_TRACE=<file.json> does the same for the page-open phase (loading the app, opening the
 * template, the studio's datasets copied into the tab), which ends where the run's trace begins;
 * CRISPFLOW_BENCH_SCREENSHOT=<prefix> saves what the tab shows during the run and at its end;
 * CRISPFLOW_BENCH_MEMORY_BUDGET_MB=<MB> runs with that memory budget (as if set in the status bar).
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { summarizeCpuProfile, type CpuProfile } from './cpu-profile-summary.ts';
import { summarizeTrace } from './trace-summary.ts';
import { tableToCsv } from '../src/io/csv-export.ts';
import { generateAttrition } from '../src/samples/attrition.ts';
import type { Bench } from './harness.ts';
import { benchChromium, spawnStudio } from './studio-process.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SCALE = Number(process.env.CRISPFLOW_BENCH_SCALE ?? 10);
const LONG_TASK_MS = 50;
const TAB_BUDGET_MB = 1536;
const PROFILE_FILE = process.env.CRISPFLOW_BENCH_PROFILE;
const APP_DIR = process.env.CRISPFLOW_BENCH_APP_DIR;
const TRACE_FILE = process.env.CRISPFLOW_BENCH_TRACE;
const OPEN_TRACE_FILE = process.env.CRISPFLOW_BENCH_OPEN_TRACE;
const TRACE_CATEGORIES = ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'blink', 'ipc', 'mojom'];
const SCREENSHOT = process.env.CRISPFLOW_BENCH_SCREENSHOT;
const MEMORY_BUDGET_MB = process.env.CRISPFLOW_BENCH_MEMORY_BUDGET_MB;

/** The parent process id, from /proc/<pid>/stat (the field after the parenthesised command name). */
function parentPid(pid: string): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1];
  } catch {
    return undefined;
  }
}

/**
 * Resident memory (MB) of the Chromium renderer processes of the browser carrying `marker` on its command
 * line: the one tab's page and workers. Other browsers on the machine (other test runs) are left out.
 */
function rendererRssMb(marker: string): number {
  const pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p));
  const cmdline = (pid: string) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      return '';
    }
  };
  const browsers = new Set(pids.filter((p) => cmdline(p).includes(marker) && !cmdline(p).includes('--type=')));
  const ours = (pid: string) => {
    for (let p: string | undefined = pid, hops = 0; p && p !== '1' && hops < 6; p = parentPid(p), hops++) if (browsers.has(p)) return true;
    return false;
  };
  let kb = 0;
  for (const pid of pids) {
    if (!cmdline(pid).includes('--type=renderer') || !ours(pid)) continue;
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (m) kb += Number(m[1]);
    } catch {
      /* the process ended meanwhile */
    }
  }
  return kb / 1024;
}

async function startStudio(workspace: string): Promise<{ url: string; stop: () => Promise<void> }> {
  if (APP_DIR) {
    // Another build: the studio in this process (the CLI serves only the package's own dist/).
    const { startStudio: start } = await import('../src/studio/start-studio.ts');
    const h = await start({ workspaceDir: workspace, port: 0, appDir: path.resolve(APP_DIR), scheduler: false, auditKeyFile: path.join(workspace, '..', 'audit.key') });
    return { url: h.url, stop: () => h.close() };
  }
  const studio = spawnStudio(workspace, path.join(workspace, '..', 'audit.key'));
  return { url: await studio.url, stop: studio.stop };
}

const bench: Bench = async (record) => {
  const executablePath = await benchChromium('browser scale');
  if (!executablePath) return;
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
  // A marker on the browser's command line: its renderers are told apart from other browsers' by it.
  const marker = `--crispflow-bench=${process.pid}-${Date.now()}`;
  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run', marker] });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.addInitScript((threshold: number) => {
      const w = window as unknown as { __longTasks: number[] };
      w.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) if (e.duration > threshold) w.__longTasks.push(Math.round(e.duration));
      }).observe({ type: 'longtask', buffered: true });
    }, LONG_TASK_MS);
    if (MEMORY_BUDGET_MB) {
      await page.addInitScript((mb: string) => localStorage.setItem('crispflow.memoryBudgetMb', mb), MEMORY_BUDGET_MB);
    }
    if (OPEN_TRACE_FILE) await browser.startTracing(page, { path: OPEN_TRACE_FILE, categories: TRACE_CATEGORIES });
    await page.goto(studio.url);
    await page.getByTestId('studio-badge').filter({ hasText: 'Studio:' }).waitFor({ state: 'visible' });
    // A fresh profile opens the template gallery: start from an empty canvas, as a person opening a file does.
    const gallery = page.getByRole('dialog', { name: 'Start a pipeline' });
    await gallery.getByRole('button', { name: /Empty canvas/ }).click();
    await gallery.waitFor({ state: 'hidden' });
    await page.getByTestId('open-file-input').setInputFiles({ name: 'attrition.pipeline.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(doc)) });
    await page.getByLabel('Pipeline name').and(page.locator(`[value="${doc.metadata.name}"]`)).waitFor();
    // The studio copies its workspace datasets into the browser at start (parsed in the import worker):
    // wait for all of them, so the run below measures the run alone; that copy is reported on its own.
    const syncStart = performance.now();
    // Long tasks so far: the app starting and the template opening (the copy has begun meanwhile).
    const openedLongTasks = await page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks.length);
    await page.getByRole('tab', { name: 'Datasets' }).click();
    const panel = page.getByTestId('datasets-panel');
    for (const name of Object.keys(tables)) {
      await panel.locator(`[data-testid="dataset-item"][data-name="${name}.csv"]`).getByTestId('dataset-facts').filter({ hasText: 'rows' }).waitFor({ timeout: 10 * 60_000 });
    }
    const syncMs = performance.now() - syncStart;
    const syncLongTasks = await page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks.slice());
    if (OPEN_TRACE_FILE) {
      await browser.stopTracing();
      process.stderr.write('page open:\n' + summarizeTrace(JSON.parse(readFileSync(OPEN_TRACE_FILE, 'utf8')), { longTaskMs: LONG_TASK_MS, sourceMapDir: APP_DIR }) + '\n');
    }
    await page.getByRole('tab', { name: 'Nodes' }).click();
    await page.evaluate(() => ((window as unknown as { __longTasks: number[] }).__longTasks = []));
    const cdp = PROFILE_FILE ? await page.context().newCDPSession(page) : undefined;
    if (cdp) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
      await cdp.send('Profiler.start');
    }

    if (TRACE_FILE) {
      await browser.startTracing(page, {
        path: TRACE_FILE,
        categories: TRACE_CATEGORIES,
      });
    }
    const t0 = performance.now();
    let peakMb = rendererRssMb(marker);
    await page.getByRole('toolbar', { name: 'Pipeline actions' }).getByRole('button', { name: /Run all/ }).click();
    // From the store, not the cards: the canvas renders only the cards in view, and a store read costs the
    // page far less than a DOM query (the poll runs on the main thread being measured).
    const states = () =>
      page.evaluate(() => {
        const st = (window as unknown as { crispflow: { store: { getState(): { run: { active: boolean; nodes: Record<string, { status: string }> } } } } }).crispflow.store.getState();
        return [st.run.active ? 'running' : '', ...Object.values(st.run.nodes).map((n) => n.status)];
      });
    const busy = (s: string[]) => s.some((x) => x === 'running' || x === 'queued');
    let last: string[] = await states();
    // The run has begun when a card is busy; it has ended when none is.
    for (let k = 0; k < 40 && !busy(last); k++) {
      await page.waitForTimeout(50);
      last = await states();
    }
    for (let poll = 0; ; poll++) {
      peakMb = Math.max(peakMb, rendererRssMb(marker));
      if (SCREENSHOT && poll === 6) await page.screenshot({ path: `${SCREENSHOT}-during.png` });
      last = await states();
      if (!busy(last)) break;
      if (performance.now() - t0 > 20 * 60_000) throw new Error('the run did not finish within 20 minutes');
      await page.waitForTimeout(100);
    }
    const ms = performance.now() - t0;
    // What the designer does after a run (summaries, saving results, the audit log, the studio's copy) is
    // part of the run for the tab: watch until the main thread has had no long task for 3 s (at most 60 s).
    const longTaskCount = () => page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks.length);
    const settleStart = performance.now();
    let seen = await longTaskCount();
    let quietSince = performance.now();
    while (performance.now() - quietSince < 3000 && performance.now() - settleStart < 60_000) {
      await page.waitForTimeout(250);
      peakMb = Math.max(peakMb, rendererRssMb(marker));
      const now = await longTaskCount();
      if (now !== seen) {
        seen = now;
        quietSince = performance.now();
      }
    }
    if (SCREENSHOT) await page.screenshot({ path: `${SCREENSHOT}-end.png` });
    // What the designer keeps of the run: distinct buffers reachable from the store's outputs.
    // (A string: the TypeScript loader would wrap named inner functions in a helper the page lacks.)
    const heldMb = (await page.evaluate(`(() => {
      const seen = new Set();
      let bytes = 0;
      const stack = [[window.crispflow.store.getState().run.outputs, 0]];
      while (stack.length > 0) {
        const [v, depth] = stack.pop();
        if (typeof v !== 'object' || v === null || depth > 12 || seen.has(v)) continue;
        seen.add(v);
        if (ArrayBuffer.isView(v)) {
          if (!seen.has(v.buffer)) { seen.add(v.buffer); bytes += v.buffer.byteLength; }
          continue;
        }
        for (const x of Object.values(v)) stack.push([x, depth + 1]);
      }
      return Math.round(bytes / 2 ** 20);
    })()`)) as number;
    const longTasks = await page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks);
    if (TRACE_FILE) {
      await browser.stopTracing();
      process.stderr.write(summarizeTrace(JSON.parse(readFileSync(TRACE_FILE, 'utf8')), { longTaskMs: LONG_TASK_MS, sourceMapDir: APP_DIR }) + '\n');
    }
    if (cdp && PROFILE_FILE) {
      const { profile } = (await cdp.send('Profiler.stop')) as { profile: CpuProfile };
      writeFileSync(PROFILE_FILE, JSON.stringify(profile));
      process.stderr.write(summarizeCpuProfile(profile, { busyStretchMs: LONG_TASK_MS, sourceMapDir: APP_DIR }) + '\n');
    }
    const failed = last.filter((s) => s === 'error' || s === 'skipped').length;
    const nodes = last.length - 1;
    record({
      name: `attrition template in the designer (Chromium), ${employees.toLocaleString('en')} employees × 2 years`,
      ms,
      notes: `${MEMORY_BUDGET_MB ? `memory budget ${MEMORY_BUDGET_MB} MB; ` : ''}studio workspace datasets (page load and copying them into the tab first: ${(syncMs / 1000).toFixed(1)} s, ${syncLongTasks.length ? `long tasks ${syncLongTasks.slice(0, openedLongTasks).join(', ') || 'none'} ms until the template was open, ${syncLongTasks.slice(openedLongTasks).join(', ') || 'none'} ms after` : 'no long task'}); tab peak ${Math.round(peakMb)} MB (budget ${TAB_BUDGET_MB} MB); long tasks > ${LONG_TASK_MS} ms: ${longTasks.length ? longTasks.join(', ') + ' ms' : 'none'}`,
      extra: { openLongTasks: syncLongTasks.length, openMaxLongTaskMs: syncLongTasks.length ? Math.max(...syncLongTasks) : 0, peakMb: Math.round(peakMb), resultsHeldMb: heldMb, longTasks: longTasks.length, maxLongTaskMs: longTasks.length ? Math.max(...longTasks) : 0, failedNodes: failed, nodes },
    });
  } finally {
    await browser.close();
    await studio.stop();
    rmSync(base, { recursive: true, force: true });
  }
};
export default bench;
