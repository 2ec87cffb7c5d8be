/**
 * Peak memory and wall time of each template run through the CLI, against Python reference scripts doing
 * the same work (bench/python/, pandas + scikit-learn), at 1× and 10× the sample size (issue 12 item 9,
 * issue 17). Target: Crispflow's peak RSS at most 1.5× Python's.
 *
 *   npm run bench memory                     every template and size
 *   npm run bench memory attrition-10x       only the cases whose key contains the second argument
 *
 * Data comes from the project's seeded generators (src/samples/*), written once to .bench-tmp/memory/.
 * Both sides are measured the same way, as whole processes: with `/usr/bin/time -v` when it exists
 * (Debian: apt-get install time), else from the process's own getrusage figure (Node: bench/max-rss.mjs
 * preloaded prints process.resourceUsage().maxRSS; the Python scripts print resource.getrusage's ru_maxrss). Worker
 * threads are threads of the one process, so the figure covers them. Python runs when a python3 with
 * scikit-learn and pandas exists; otherwise its figures come from bench/python/reference-figures.json,
 * which every run that measures Python updates (with the date); CRISPFLOW_BENCH_PYTHON=stored uses those
 * figures even where Python exists.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Bench } from './harness.ts';
import { tableToCsv } from '../src/io/csv-export.ts';
import { generateAttrition } from '../src/samples/attrition.ts';
import { generatePromotion } from '../src/samples/promotion.ts';
import { resumesCsv } from '../src/samples/resumes.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dataRoot = path.join(root, '.bench-tmp', 'memory');
const figuresFile = path.join(root, 'bench', 'python', 'reference-figures.json');
const TARGET_RATIO = 1.5;

export interface Case {
  key: string;
  label: string;
  pipeline: string;
  /** Writes the case's CSV files into `dir`. */
  write: (dir: string) => void;
  /** The reference script and its arguments (data folder, output folder). */
  python: (dataDir: string, outDir: string) => string[];
}

const csv = (dir: string, name: string, text: string) => writeFileSync(path.join(dir, name), text);

function attrition(employees: number) {
  return (dir: string) => {
    const tables = generateAttrition({ employees, years: 2 });
    for (const [name, t] of Object.entries(tables)) csv(dir, `${name}.csv`, tableToCsv(t, { newline: '\n', escapeFormulas: false }));
  };
}

export const CASES: Case[] = [
  {
    key: 'resume-1x',
    label: 'resume screening, 10,000 resumes',
    pipeline: 'resume-screening',
    write: (dir) => csv(dir, 'resumes.csv', resumesCsv({ n: 10_000 })),
    python: (d) => ['resume_screening.py', d],
  },
  {
    key: 'resume-10x',
    label: 'resume screening, 100,000 resumes',
    pipeline: 'resume-screening',
    write: (dir) => csv(dir, 'resumes.csv', resumesCsv({ n: 100_000 })),
    python: (d) => ['resume_screening.py', d],
  },
  {
    key: 'attrition-1x',
    label: 'attrition, 20,000 employees × 2 years',
    pipeline: 'attrition',
    write: attrition(20_000),
    python: (d, o) => ['attrition.py', d, o],
  },
  {
    key: 'attrition-10x',
    label: 'attrition, 200,000 employees × 2 years',
    pipeline: 'attrition',
    write: attrition(200_000),
    python: (d, o) => ['attrition.py', d, o],
  },
  {
    key: 'promotion-1x',
    label: 'promotion, 5,000 employees',
    pipeline: 'promotion',
    write: (dir) => csv(dir, 'promotion.csv', tableToCsv(generatePromotion({ rows: 5_000 }), { newline: '\n', escapeFormulas: false })),
    python: (d, o) => ['promotion.py', d, o],
  },
  {
    key: 'promotion-10x',
    label: 'promotion, 50,000 employees',
    pipeline: 'promotion',
    write: (dir) => csv(dir, 'promotion.csv', tableToCsv(generatePromotion({ rows: 50_000 }), { newline: '\n', escapeFormulas: false })),
    python: (d, o) => ['promotion.py', d, o],
  },
];

/** The case's data folder, generated on first use (the generators are seeded: same files every time). */
export function dataFor(c: Case): string {
  const dir = path.join(dataRoot, c.key);
  const done = path.join(dir, '.complete');
  if (!existsSync(done)) {
    process.stderr.write(`  generating ${c.label} into ${path.relative(root, dir)}…\n`);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    c.write(dir);
    writeFileSync(done, new Date().toISOString());
  }
  return dir;
}

export interface Measured {
  wallS: number;
  /** Peak RSS of the heaviest process, plus the private memory of a launcher process in front of it. */
  peakRssMb: number;
  /** The part of peakRssMb that is the launcher's private memory (0 since `run` no longer starts in a child process, see bin/memory-settings.mjs). */
  launcherMb: number;
  /** User + system CPU time of the process and the children it waited for (/usr/bin/time only). */
  cpuS?: number;
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

const hasGnuTime = existsSync('/usr/bin/time') && spawnSync('/usr/bin/time', ['-v', 'true']).status === 0;

/** Private (not shared with other processes) resident memory of a process, in MiB; 0 once it is gone. */
function privateMb(pid: number): number {
  try {
    const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    const kb = [...rollup.matchAll(/^Private_(?:Clean|Dirty):\s+(\d+) kB/gm)].reduce((a, m) => a + Number(m[1]), 0);
    return kb / 1024;
  } catch {
    return 0;
  }
}

const childrenOf = (pid: number): number[] => {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
};

/**
 * Runs a command as a whole process; its wall time and peak RSS (see the header for how). When the
 * command's process starts a child that does the work (the CLI's `run`), /usr/bin/time reports the larger
 * of the two (the child); the launcher's private memory, sampled while it runs, is added so the figure
 * covers both (its shared pages are the same Node binary the child maps).
 */
export async function measure(command: string, args: string[], cwd = root, env: NodeJS.ProcessEnv = process.env): Promise<Measured> {
  const viaTime = hasGnuTime;
  const isNode = command === process.execPath;
  const argv = viaTime ? ['-v', command, ...args] : isNode ? ['--import', path.join(root, 'bench', 'max-rss.mjs'), ...args] : args;
  const child = spawn(viaTime ? '/usr/bin/time' : command, argv, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  let launcherMb = 0;
  const poll = setInterval(() => {
    // /usr/bin/time → node (the launcher) → node (the run): the launcher is the process with a child.
    const top = viaTime ? childrenOf(child.pid!)[0] : child.pid!;
    if (top !== undefined && childrenOf(top).length > 0) launcherMb = Math.max(launcherMb, privateMb(top));
  }, 200);
  const exitCode = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  clearInterval(poll);
  if (viaTime) {
    const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
    const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)/.exec(stderr);
    if (!rss || !wall) throw new Error(`/usr/bin/time gave no figures for ${command} ${args.join(' ')}:\n${stderr.slice(-2000)}`);
    const wallS = Number(wall[1] ?? 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3]);
    const user = /User time \(seconds\): ([\d.]+)/.exec(stderr);
    const system = /System time \(seconds\): ([\d.]+)/.exec(stderr);
    const cpuS = user && system ? Number(user[1]) + Number(system[1]) : undefined;
    return { wallS, peakRssMb: Number(rss[1]) / 1024 + launcherMb, launcherMb, cpuS, exitCode, stdout, stderr };
  }
  if (isNode) {
    // Launcher and child both preload max-rss.mjs (the child inherits the flags): their peaks add up
    // (counting the shared Node binary twice: a little over).
    const lines = [...stderr.matchAll(/^max-rss: ([\d.]+) MiB, wall ([\d.]+) s$/gm)];
    if (lines.length === 0) throw new Error(`bench/max-rss.mjs gave no figures for ${args.join(' ')}:\n${stderr.slice(-2000)}`);
    const mbs = lines.map((m) => Number(m[1]));
    const total = mbs.reduce((a, b) => a + b, 0);
    return { wallS: Math.max(...lines.map((m) => Number(m[2]))), peakRssMb: total, launcherMb: total - Math.max(...mbs), exitCode, stdout, stderr };
  }
  // The Python scripts print their own figures (bench/python/common.py).
  const line = stdout.trim().split('\n').pop() ?? '';
  const figures = line.startsWith('{') ? (JSON.parse(line) as { wallS: number; peakRssMb: number }) : undefined;
  if (!figures) throw new Error(`${command} ${args.join(' ')} printed no figures:\n${stderr.slice(-2000)}`);
  return { wallS: figures.wallS, peakRssMb: figures.peakRssMb, launcherMb: 0, exitCode, stdout, stderr };
}

/** A python3 with scikit-learn and pandas, or undefined. */
function findPython(): string | undefined {
  for (const candidate of ['python3', '/usr/bin/python3']) {
    const r = spawnSync(candidate, ['-c', 'import sklearn, pandas'], { encoding: 'utf8' });
    if (r.status === 0) return candidate;
  }
  return undefined;
}

export interface PythonFigure {
  peakRssMb: number;
  wallS: number;
  measured: string;
  sklearn: string;
}

export function readFigures(): Record<string, PythonFigure> {
  return existsSync(figuresFile) ? (JSON.parse(readFileSync(figuresFile, 'utf8')) as Record<string, PythonFigure>) : {};
}

const bench: Bench = async (record) => {
  const filter = process.argv[3] ?? '';
  // CRISPFLOW_BENCH_PYTHON=stored: use the stored figures even where Python exists (its 10× runs take long).
  const python = process.env.CRISPFLOW_BENCH_PYTHON === 'stored' ? undefined : findPython();
  if (!python) process.stderr.write(`  no python3 with scikit-learn and pandas: Python figures come from ${path.relative(root, figuresFile)}\n`);
  const sklearn = python ? execFileSync(python, ['-c', 'import sklearn; print(sklearn.__version__)'], { encoding: 'utf8' }).trim() : '';
  const cli = path.join(root, 'bin', 'crispflow.mjs');
  for (const c of CASES.filter((x) => x.key.includes(filter))) {
    const dir = dataFor(c);
    const out = path.join(os.tmpdir(), `crispflow-memory-${c.key}-${process.pid}`);
    rmSync(out, { recursive: true, force: true });
    const load = os.loadavg()[0].toFixed(1);
    const ours = await measure(process.execPath, [cli, 'run', path.join(root, 'examples', `${c.pipeline}.pipeline.json`), '--data', dir, '--out', out]);
    // The promotion template stops at its review panel (exit 3) by design; anything else is a failure.
    const okCodes = c.pipeline === 'promotion' ? [0, 3] : [0];
    if (!okCodes.includes(ours.exitCode ?? -1)) throw new Error(`crispflow run failed for ${c.key} (exit ${ours.exitCode}):\n${ours.stderr.slice(-3000)}`);
    let py: PythonFigure | undefined;
    if (python) {
      // OpenMP threads (HistGradientBoosting, k-means) wait passively: with the default busy waiting, a
      // run on a loaded machine took 10 times longer (599 s instead of ~60 s). Memory is unaffected.
      const env = { ...process.env, OMP_WAIT_POLICY: process.env.OMP_WAIT_POLICY ?? 'PASSIVE' };
      const m = await measure(python, [...c.python(dir, out)], path.join(root, 'bench', 'python'), env);
      if (m.exitCode !== 0) throw new Error(`bench/python/${c.python(dir, out)[0]} failed for ${c.key}:\n${m.stderr.slice(-3000)}`);
      py = { peakRssMb: round1(m.peakRssMb), wallS: round1(m.wallS), measured: new Date().toISOString().slice(0, 10), sklearn };
      const figures = readFigures();
      figures[c.key] = py;
      writeFileSync(figuresFile, `${JSON.stringify(figures, null, 2)}\n`);
    } else {
      py = readFigures()[c.key];
    }
    rmSync(out, { recursive: true, force: true });
    const ratio = py ? ours.peakRssMb / py.peakRssMb : undefined;
    const verdict = ratio === undefined ? 'no Python figure' : ratio <= TARGET_RATIO ? 'met' : 'missed';
    const pyNote = py ? `Python ${py.peakRssMb.toFixed(0)} MB in ${py.wallS.toFixed(1)} s (scikit-learn ${py.sklearn}, ${python ? 'measured now' : `stored, measured ${py.measured}`})` : 'no Python figure';
    process.stderr.write(`  ${c.key}: peak ${ours.peakRssMb.toFixed(0)} MB (launcher ${ours.launcherMb.toFixed(0)} MB of it) in ${ours.wallS.toFixed(1)} s; ${pyNote}; ratio ${ratio?.toFixed(2) ?? '?'} (${verdict})\n`);
    record({
      name: `memory: ${c.label} (CLI, whole run)`,
      ms: ours.wallS * 1000,
      notes: `peak RSS ${ours.peakRssMb.toFixed(0)} MB (incl. the launcher's ${ours.launcherMb.toFixed(0)} MB) vs ${pyNote}: ${ratio?.toFixed(2) ?? '?'}× (target ≤ ${TARGET_RATIO}×, ${verdict}); load average ${load}`,
      extra: { peakRssMb: round1(ours.peakRssMb), pythonPeakRssMb: py?.peakRssMb ?? '?', ratio: ratio === undefined ? '?' : ratio.toFixed(2), pythonWallS: py?.wallS ?? '?' },
    });
  }
};

const round1 = (x: number) => Math.round(x * 10) / 10;

export default bench;
