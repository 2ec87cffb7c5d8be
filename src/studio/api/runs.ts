/**
 * Run records (<workspace>/runs/<id>.json): what a designer run did, kept beside the CLI's runs.
 *   GET /api/runs        → { runs: [{ id, pipeline, status, finishedAt, savedAt }] } (newest first, at most 500)
 *   GET /api/runs/:id    → { run: RunRecord }
 *   PUT /api/runs/:id    ← { pipeline: { name, hash? }, status, finishedAt, nodes?, datasets?, models?, ms? }
 *                        → 201 (new) / 200 (replaced) { run }; each write is an entry in the workspace audit log
 * An id is 1–64 letters, digits, "-" or "_" (the designer uses random UUIDs).
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { stableStringify } from '../../core/hash.ts';
import { writeFileAtomic } from '../../fs/atomic-write.ts';
import type { StudioContext } from '../studio-context.ts';
import { resolveInside } from '../workspace/safe-path.ts';
import { auditWorkspace } from '../workspace/workspace-audit.ts';
import { ApiError, json, type RouteModule } from './router.ts';

export const RUN_RECORD_FORMAT = 'crispflow-run-record/1';
const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const RUN_STATUSES = ['ok', 'error', 'cancelled', 'stopped', 'waiting', 'invalid'];
const MAX_LISTED = 500;

export interface RunRecord {
  format: typeof RUN_RECORD_FORMAT;
  id: string;
  savedAt: string;
  pipeline: { name: string; hash?: string };
  status: string;
  finishedAt: string;
  [more: string]: unknown;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

async function runFile(studio: StudioContext, id: string): Promise<string> {
  if (!RUN_ID.test(id)) throw new ApiError(400, `"${id.slice(0, 80)}" is not a run id: use 1–64 letters, digits, "-" or "_", starting with a letter or digit.`);
  return resolveInside(studio.workspace.runs, `${id}.json`, { what: 'run id' });
}

function checkRecord(body: unknown, id: string): RunRecord {
  if (!isRecord(body)) throw new ApiError(400, 'A run record is a JSON object { pipeline: { name }, status, finishedAt, … }.');
  const pipeline = body.pipeline;
  if (!isRecord(pipeline) || typeof pipeline.name !== 'string') throw new ApiError(400, 'The run record needs pipeline.name (text).');
  if (typeof body.status !== 'string' || !RUN_STATUSES.includes(body.status)) throw new ApiError(400, `The run record's status must be one of ${RUN_STATUSES.join(', ')}.`);
  if (typeof body.finishedAt !== 'string' || Number.isNaN(Date.parse(body.finishedAt))) throw new ApiError(400, 'The run record needs finishedAt (an ISO date and time).');
  if (body.id !== undefined && body.id !== id) throw new ApiError(400, `The record's id "${String(body.id).slice(0, 80)}" differs from the id in the path "${id}".`);
  return { ...body, format: RUN_RECORD_FORMAT, id, savedAt: new Date().toISOString(), pipeline: pipeline as RunRecord['pipeline'], status: body.status, finishedAt: body.finishedAt };
}

async function readRun(file: string): Promise<RunRecord | undefined> {
  try {
    const r = JSON.parse(await readFile(file, 'utf8')) as unknown;
    return isRecord(r) && r.format === RUN_RECORD_FORMAT ? (r as RunRecord) : undefined;
  } catch {
    return undefined;
  }
}

export const runRoutes: RouteModule = (studio) => [
  {
    method: 'GET',
    path: '/api/runs',
    async handle() {
      const names = (await readdir(studio.workspace.runs, { withFileTypes: true })).filter((e) => e.isFile() && e.name.endsWith('.json') && RUN_ID.test(e.name.slice(0, -5)));
      const runs = [];
      for (const e of names) {
        const r = await readRun(path.join(studio.workspace.runs, e.name));
        if (r) runs.push({ id: r.id, pipeline: r.pipeline, status: r.status, finishedAt: r.finishedAt, savedAt: r.savedAt });
      }
      runs.sort((a, b) => (a.finishedAt < b.finishedAt ? 1 : -1));
      return json(200, { runs: runs.slice(0, MAX_LISTED) });
    },
  },
  {
    method: 'GET',
    path: '/api/runs/:id',
    async handle(req) {
      const run = await readRun(await runFile(studio, req.params.id));
      if (!run) throw new ApiError(404, `The workspace has no run record "${req.params.id.slice(0, 80)}".`);
      return json(200, { run });
    },
  },
  {
    method: 'PUT',
    path: '/api/runs/:id',
    async handle(req) {
      const file = await runFile(studio, req.params.id);
      const run = checkRecord(await req.readJson(), req.params.id);
      const existed = (await readRun(file)) !== undefined;
      const text = JSON.stringify(run, null, 1) + '\n';
      await writeFileAtomic(file, text);
      const hash = createHash('sha256').update(stableStringify(run)).digest('hex');
      await auditWorkspace(studio, 'run', { event: existed ? 'run-record-replaced' : 'run-recorded', id: run.id, pipeline: run.pipeline.name, status: run.status, recordSha256: hash });
      return json(existed ? 200 : 201, { run });
    },
  },
];
