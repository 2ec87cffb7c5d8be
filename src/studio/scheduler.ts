/**
 * The studio's scheduler: runs the workspace pipelines that carry a schedule (`metadata.schedule`, a cron
 * expression read with croner, src/core/schedule.ts) when they fall due, one run at a time, each as
 * `crispflow run <pipeline> --out <workspace>/runs/scheduled/<pipeline>/<time> --registry <workspace>/registry
 * --data <workspace>/datasets` in a child process (the studio keeps answering while it trains).
 *
 * - Scheduled pipelines are the files `<workspace>/pipelines/*.pipeline.json` (read again at every tick,
 *   so adding, editing or removing one needs no restart).
 * - What ran is kept in `<workspace>/runs/scheduled/schedules.json` (written atomically): per pipeline file, the
 *   scheduled time last run for. On start, a pipeline whose latest due time is newer than that is run once,
 *   however many times it was missed while the studio was off (catch up once). A pipeline seen for the first
 *   time is not run at once: its next due time is awaited.
 * - Every scheduled run is recorded in the workspace audit log (kind "run", event "scheduled-run").
 */
import { spawn } from 'node:child_process';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AuditMacKey } from '../governance/audit/mac.ts';
import { lastScheduledRun, nextScheduledRun, scheduleProblem, type PipelineSchedule } from '../core/schedule.ts';
import { writeFileAtomic } from '../fs/atomic-write.ts';
import { appendAuditEntries } from '../cli/audit-command.ts';
import type { Workspace } from './workspace/workspace.ts';

export const SCHEDULED_PIPELINES_DIR = 'pipelines';
export const SCHEDULE_STATE_FILE = 'schedules.json';
/** `<workspace>/runs/scheduled/schedules.json`, beside the scheduled runs' output folders. */
export const stateFile = (ws: Workspace) => path.join(ws.runs, 'scheduled', SCHEDULE_STATE_FILE);
const STATE_FORMAT = 'crispflow-schedules/1';
/** Longest sleep between ticks: files may have changed, and clocks jump. */
const MAX_SLEEP_MS = 60 * 60_000;

export interface ScheduledPipeline {
  /** File name inside <workspace>/pipelines. */
  file: string;
  name: string;
  schedule: PipelineSchedule;
}

export interface ScheduleState {
  format: typeof STATE_FORMAT;
  pipelines: Record<string, { lastScheduled: string; lastStarted?: string; lastExit?: number | null }>;
}

/** Runs one pipeline to `outDir`; resolves to its exit code. */
export type PipelineRunner = (pipelineFile: string, outDir: string, workspace: Workspace) => Promise<number | null>;

export interface SchedulerOptions {
  workspace: Workspace;
  auditKey: () => Promise<AuditMacKey>;
  run?: PipelineRunner;
  now?: () => Date;
  /** Problems (an unreadable pipeline, a failed run) for the studio's console. */
  log?: (line: string) => void;
  /** Node package folders the default runner passes as --nodes (the studio's accepted packages). */
  nodePackages?: string[];
}

export interface SchedulerHandle {
  /** Checks for due pipelines now and runs them (what the timer does); resolves when they finished. */
  tick(): Promise<string[]>;
  stop(): void;
  /** The first tick (catch-up) started with the scheduler. */
  started: Promise<string[]>;
}

const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/crispflow.mjs');

/** The default runner: the real command in a child process, with the studio's node packages. */
export const runWithCli = (pipelineFile: string, outDir: string, ws: Workspace, nodePackages: string[] = []): Promise<number | null> =>
  new Promise((resolve) => {
    const nodes = nodePackages.flatMap((dir) => ['--nodes', dir]);
    const child = spawn(process.execPath, [CLI, 'run', pipelineFile, '--out', outDir, '--registry', ws.registry, '--data', ws.datasets, ...nodes], { stdio: 'ignore' });
    child.on('error', () => resolve(null));
    child.on('exit', (code) => resolve(code));
  });

export async function scheduledPipelines(ws: Workspace, log: (l: string) => void = () => {}): Promise<ScheduledPipeline[]> {
  const dir = path.join(ws.root, SCHEDULED_PIPELINES_DIR);
  const names = await readdir(dir).catch(() => [] as string[]);
  const out: ScheduledPipeline[] = [];
  for (const file of names.filter((n) => n.endsWith('.pipeline.json')).sort()) {
    try {
      const doc = JSON.parse(await readFile(path.join(dir, file), 'utf8')) as { metadata?: { name?: unknown; schedule?: PipelineSchedule } };
      const s = doc.metadata?.schedule;
      if (!s) continue;
      if (typeof s.cron !== 'string') throw new Error('metadata.schedule.cron must be text');
      const problem = scheduleProblem(s);
      if (problem) throw new Error(problem);
      out.push({ file, name: typeof doc.metadata?.name === 'string' ? doc.metadata.name : file, schedule: s });
    } catch (e) {
      log(`Scheduler: ${path.join(dir, file)} is not scheduled: ${(e as Error).message}`);
    }
  }
  return out;
}

async function readState(ws: Workspace): Promise<ScheduleState> {
  try {
    const s = JSON.parse(await readFile(stateFile(ws), 'utf8')) as ScheduleState;
    if (s.format === STATE_FORMAT && s.pipelines && typeof s.pipelines === 'object') return s;
  } catch {
    // No state yet (or unreadable): start afresh; nothing is run at once for pipelines seen the first time.
  }
  return { format: STATE_FORMAT, pipelines: {} };
}

const stamp = (d: Date) => d.toISOString().replace(/[:.]/g, '-');
const safe = (file: string) => file.replace(/\.pipeline\.json$/, '').replace(/[^\w-]+/g, '_');

export function startScheduler(o: SchedulerOptions): SchedulerHandle {
  const now = o.now ?? (() => new Date());
  const run: PipelineRunner = o.run ?? ((file, out, ws) => runWithCli(file, out, ws, o.nodePackages));
  const log = o.log ?? ((l: string) => console.error(l));
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let busy: Promise<string[]> | undefined;

  async function dueNow(): Promise<string[]> {
    const ws = o.workspace;
    const state = await readState(ws);
    const ran: string[] = [];
    const pipelines = await scheduledPipelines(ws, log);
    if (pipelines.length === 0) return ran; // nothing scheduled: nothing is written to the workspace
    await mkdir(path.dirname(stateFile(ws)), { recursive: true });
    for (const p of pipelines) {
      if (stopped) break;
      const due = lastScheduledRun(p.schedule, now());
      const entry = state.pipelines[p.file];
      if (!due) continue;
      if (!entry) {
        state.pipelines[p.file] = { lastScheduled: due.toISOString() };
        continue;
      }
      if (Date.parse(entry.lastScheduled) >= due.getTime()) continue;
      const started = now();
      const outDir = path.join(ws.runs, 'scheduled', safe(p.file), stamp(started));
      state.pipelines[p.file] = { lastScheduled: due.toISOString(), lastStarted: started.toISOString() };
      // Recorded before the run: a studio killed mid-run does not run the same due time again.
      await writeFileAtomic(stateFile(ws), JSON.stringify(state, null, 2) + '\n');
      const code = await run(path.join(ws.root, SCHEDULED_PIPELINES_DIR, p.file), outDir, ws);
      state.pipelines[p.file].lastExit = code;
      ran.push(p.file);
      if (code !== 0 && code !== 3) log(`Scheduler: the scheduled run of ${p.file} (due ${due.toISOString()}) ended with exit ${code}; see ${outDir}.`);
      try {
        await appendAuditEntries(ws.auditLog, [{ kind: 'run', actor: 'studio-scheduler', at: started.toISOString(), data: { event: 'scheduled-run', pipeline: p.file, name: p.name, cron: p.schedule.cron, scheduledFor: due.toISOString(), exitCode: code, out: path.relative(ws.root, outDir) } }], await o.auditKey());
      } catch (e) {
        log(`Scheduler: the run of ${p.file} could not be recorded in ${ws.auditLog}: ${(e as Error).message}`);
      }
    }
    await writeFileAtomic(stateFile(ws), JSON.stringify(state, null, 2) + '\n');
    return ran;
  }

  async function planNext(): Promise<void> {
    if (stopped) return;
    const t = now();
    let next = Infinity;
    for (const p of await scheduledPipelines(o.workspace, () => {})) next = Math.min(next, nextScheduledRun(p.schedule, t)?.getTime() ?? Infinity);
    const wait = Math.max(1000, Math.min(MAX_SLEEP_MS, next - t.getTime()));
    timer = setTimeout(() => void tick(), wait);
    timer.unref(); // never keeps the process alive by itself
  }

  function tick(): Promise<string[]> {
    busy ??= dueNow()
      .catch((e: Error) => {
        log(`Scheduler: ${e.message}`);
        return [] as string[];
      })
      .finally(() => {
        busy = undefined;
        void planNext();
      });
    return busy;
  }

  const started = tick();
  return {
    tick,
    started,
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
