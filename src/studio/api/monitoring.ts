/**
 * Monitoring records of the workspace registry's model versions (the records `crispflow monitor` keeps in
 * <workspace>/registry/<model>/v<N>/monitoring/), and audits run from the designer:
 *   GET  /api/monitoring/:name             → { model, records: [{ version, …MonitoringRecord }], problems }
 *                                            every version of the model, oldest period/time first
 *   GET  /api/monitoring/:name/:version    → the same for one version
 *   POST /api/monitoring/:name/:version    ← { data: "<workspace dataset>", reference?, outcomes?, protected?,
 *                                              privileged?, period?, granularity?, minRows? } (dataset names are
 *                                            files of <workspace>/datasets)
 *                                          → 200 { records, alert: boolean } (records kept and audited as for the CLI,
 *                                            with source "studio"); 422 { error, columns } when the batch lacks features
 */
import path from 'node:path';
import { GRANULARITIES, type Granularity } from '../../ml/drift/periods.ts';
import { MissingFeaturesError } from '../../monitoring/batch-audit.ts';
import { OutcomesError } from '../../monitoring/outcomes.ts';
import { readMonitoringRecords } from '../../monitoring/record-store.ts';
import { ModelVersionRefError, resolveModelVersion, versionFolder, type StagedVersion } from '../../monitoring/registry-versions.ts';
import { RegistryFileError } from '../../cli/model-registry-folder.ts';
import { NodeError } from '../../core/errors.ts';
import type { StudioContext } from '../studio-context.ts';
import { resolveInside } from '../workspace/safe-path.ts';
import { ApiError, json, type RouteModule } from './router.ts';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function versionNumber(text: string): number {
  const m = /^v?(\d{1,9})$/.exec(text);
  if (!m) throw new ApiError(400, `"${text.slice(0, 50)}" is not a version number (use 1, 2, … or v1, v2, …).`);
  return Number(m[1]);
}

async function resolve(studio: StudioContext, name: string, version?: number) {
  try {
    return await resolveModelVersion(version === undefined ? name : `${name}@v${version}`, studio.workspace.registry);
  } catch (e) {
    if (e instanceof ModelVersionRefError) throw new ApiError(404, e.message);
    if (e instanceof RegistryFileError) throw new ApiError(500, e.message);
    throw e;
  }
}

async function recordsOf(studio: StudioContext, name: string, version?: number) {
  const r = await resolve(studio, name, version);
  const versions: StagedVersion[] = version === undefined ? r.versions.filter((v) => v.name === r.version.name).sort((a, b) => a.version - b.version) : [r.version];
  const records = [];
  const problems: string[] = [];
  for (const v of versions) {
    const got = await readMonitoringRecords(versionFolder(r.registryDir, r.versions, v));
    // Paths relative to the workspace: the designer needs no absolute path of the machine.
    problems.push(...got.problems.map((p) => p.replace(studio.workspace.root + path.sep, '')));
    records.push(...got.records.map(({ file, ...rec }) => ({ version: v.version, stage: v.stage ?? null, file: path.relative(studio.workspace.root, file), ...rec })));
  }
  return { model: r.version.name, versions: versions.map((v) => ({ version: v.version, stage: v.stage ?? null, createdAt: v.createdAt })), records, problems };
}

const optionalText = (body: Record<string, unknown>, key: string): string | undefined => {
  const v = body[key];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string' || v.length > 300) throw new ApiError(400, `"${key}" must be text (at most 300 characters).`);
  return v;
};

export const monitoringRoutes: RouteModule = (studio) => [
  { method: 'GET', path: '/api/monitoring/:name', handle: async (req) => json(200, await recordsOf(studio, req.params.name)) },
  { method: 'GET', path: '/api/monitoring/:name/:version', handle: async (req) => json(200, await recordsOf(studio, req.params.name, versionNumber(req.params.version))) },
  {
    method: 'POST',
    path: '/api/monitoring/:name/:version',
    handle: async (req) => {
      const body = await req.readJson();
      if (!isRecord(body)) throw new ApiError(400, 'Send { "data": "<dataset name>", … } as JSON.');
      const data = optionalText(body, 'data');
      if (!data) throw new ApiError(400, '"data" must name a workspace dataset (the batch to audit).');
      const dataset = (name: string | undefined, what: string) => (name ? resolveInside(studio.workspace.datasets, name, { what }) : Promise.resolve(undefined));
      const granularity = optionalText(body, 'granularity');
      if (granularity && !GRANULARITIES.includes(granularity as Granularity)) throw new ApiError(400, `"granularity" must be one of ${GRANULARITIES.join(', ')}.`);
      const minRows = body.minRows;
      if (minRows !== undefined && !(Number.isInteger(minRows) && (minRows as number) > 0)) throw new ApiError(400, '"minRows" must be a positive whole number.');
      const r = await resolve(studio, req.params.name, versionNumber(req.params.version));
      // Loaded on first use: it brings every node's run code, which the studio's start does not need.
      const { MonitorInputError, runMonitor } = await import('../../monitoring/run-monitor.ts');
      try {
        const result = await runMonitor({
          ref: r.folder,
          data: (await dataset(data, 'dataset name'))!,
          reference: await dataset(optionalText(body, 'reference'), 'reference dataset name'),
          outcomes: await dataset(optionalText(body, 'outcomes'), 'outcomes dataset name'),
          protectedColumn: optionalText(body, 'protected'),
          privileged: optionalText(body, 'privileged'),
          period: optionalText(body, 'period'),
          granularity: granularity as Granularity | undefined,
          minRows: minRows as number | undefined,
          auditKey: await studio.auditKey(),
          source: 'studio',
        });
        return json(200, { records: result.records, notes: result.notes.map((n) => n.replaceAll(studio.workspace.root + path.sep, '')), alert: result.records.some((x) => x.alerts.length > 0) });
      } catch (e) {
        if (e instanceof MissingFeaturesError) return json(422, { error: e.message, columns: e.columns });
        if (e instanceof MonitorInputError || e instanceof OutcomesError || e instanceof NodeError) throw new ApiError(422, e.message.replaceAll(studio.workspace.root + path.sep, ''));
        throw e;
      }
    },
  },
];
