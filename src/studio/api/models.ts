/**
 * The workspace's model registry (<workspace>/registry): the folder `crispflow run --registry` writes, read
 * and written with the CLI's own code (src/cli/model-registry-folder.ts), so both see the same versions.
 *   GET  /api/models                          → { versions: ModelVersion[] }
 *   GET  /api/models/:name/:version           → { version: ModelVersion, card: string (Markdown) }
 *   GET  /api/models/:name/:version/model     → the model file (crispflow-model/1 JSON, as for `serve --model`)
 *   POST /api/models                          ← { registrations: [{ name, model, metrics?, metricsSource?, fairness?, trainingData?, pipeline?, business? }] }
 *                                             → 200 { registered: [{ version, created }] } (identical training is not a new version)
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { FairnessReport } from '../../core/ports.ts';
import { modelFromFileJson } from '../../cli/model-file.ts';
import { readRegistry, registerInFolder, RegistryFileError, safeModelFolder } from '../../cli/model-registry-folder.ts';
import { modelCardMarkdown } from '../../governance/registry/model-card.ts';
import type { ModelVersion } from '../../governance/registry/model-version.ts';
import { parseBusinessNote, type BusinessNote } from '../../lessons/business-note.ts';
import type { ModelRegistration } from '../../runtime/model-evaluations.ts';
import type { StudioContext } from '../studio-context.ts';
import { ApiError, json, type RouteModule } from './router.ts';

const MAX_REGISTRATIONS = 50;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

async function registryVersions(studio: StudioContext): Promise<ModelVersion[]> {
  try {
    return await readRegistry(studio.workspace.registry);
  } catch (e) {
    if (e instanceof RegistryFileError) throw new ApiError(500, e.message);
    throw e;
  }
}

async function findVersion(studio: StudioContext, name: string, versionText: string): Promise<{ version: ModelVersion; folder: string }> {
  const number = /^v?(\d{1,9})$/.exec(versionText);
  if (!number) throw new ApiError(400, `"${versionText.slice(0, 50)}" is not a version number (use 1, 2, … or v1, v2, …).`);
  const versions = await registryVersions(studio);
  const version = versions.find((v) => v.name === name && v.version === Number(number[1]));
  if (!version) {
    const known = versions.filter((v) => v.name === name).map((v) => `v${v.version}`);
    throw new ApiError(404, known.length ? `"${name.slice(0, 100)}" has no version ${number[1]}; it has ${known.join(', ')}.` : `The workspace registry has no model called "${name.slice(0, 100)}".`);
  }
  // The folder is derived from registry.json (never from the request), as registerInFolder named it.
  const earlier = versions.slice(0, versions.indexOf(version));
  return { version, folder: path.join(studio.workspace.registry, safeModelFolder(version.name, earlier), `v${version.version}`) };
}

/** One registration from the request, checked field by field; `at` names it in errors. */
function parseRegistration(raw: unknown, at: string): ModelRegistration {
  if (!isRecord(raw)) throw new ApiError(400, `${at} must be an object { name, model, … }.`);
  if (typeof raw.name !== 'string' || raw.name.trim() === '' || raw.name.length > 200) throw new ApiError(400, `${at}.name must be a model name (1 to 200 characters).`);
  let model;
  try {
    model = modelFromFileJson(raw.model, `${at}.model`, { requireScorer: false });
  } catch (e) {
    throw new ApiError(400, `${(e as Error).message} Send the model as a crispflow-model/1 file object.`);
  }
  if (typeof model.fingerprint !== 'string' || !isRecord(model.target) || typeof model.target.column !== 'string') {
    throw new ApiError(400, `${at}.model needs a fingerprint and a target { column, positive }.`);
  }
  if (!model.featureNames.every((f) => typeof f === 'string')) throw new ApiError(400, `${at}.model.featureNames must be a list of names.`);
  const optionalRecord = (key: string) => {
    const v = raw[key];
    if (v !== undefined && !isRecord(v)) throw new ApiError(400, `${at}.${key} must be an object.`);
    return v as Record<string, unknown> | undefined;
  };
  const metrics = optionalRecord('metrics');
  for (const [k, v] of Object.entries(metrics ?? {})) {
    if (v !== null && typeof v !== 'number') throw new ApiError(400, `${at}.metrics.${k} must be a number or null.`);
  }
  if (raw.fairness !== undefined && !(Array.isArray(raw.fairness) && raw.fairness.every(isRecord))) throw new ApiError(400, `${at}.fairness must be a list of fairness reports.`);
  if (raw.metricsSource !== undefined && raw.metricsSource !== 'cross-validated') throw new ApiError(400, `${at}.metricsSource may only be "cross-validated".`);
  const pipeline = optionalRecord('pipeline');
  if (pipeline && typeof pipeline.name !== 'string') throw new ApiError(400, `${at}.pipeline.name must be text.`);
  let business: BusinessNote | undefined;
  try {
    // The pipeline's business-understanding note, which the model card quotes.
    business = raw.business === undefined ? undefined : parseBusinessNote(raw.business, `${at}.business`);
  } catch (e) {
    throw new ApiError(400, (e as Error).message);
  }
  return {
    name: raw.name.trim(),
    model,
    ...(metrics ? { metrics: metrics as Record<string, number | null> } : {}),
    ...(raw.metricsSource ? { metricsSource: 'cross-validated' as const } : {}),
    ...(raw.fairness ? { fairness: raw.fairness as unknown as FairnessReport[] } : {}),
    ...(optionalRecord('trainingData') ? { trainingData: raw.trainingData as ModelRegistration['trainingData'] } : {}),
    ...(pipeline ? { pipeline: pipeline as ModelRegistration['pipeline'] } : {}),
    ...(business && Object.keys(business).length ? { business } : {}),
  };
}

export const modelRoutes: RouteModule = (studio) => [
  {
    method: 'GET',
    path: '/api/models',
    handle: async () => json(200, { versions: await registryVersions(studio) }),
  },
  {
    method: 'GET',
    path: '/api/models/:name/:version',
    async handle(req) {
      const { version } = await findVersion(studio, req.params.name, req.params.version);
      return json(200, { version, card: modelCardMarkdown(version) });
    },
  },
  {
    method: 'GET',
    path: '/api/models/:name/:version/model',
    async handle(req) {
      const { version, folder } = await findVersion(studio, req.params.name, req.params.version);
      const file = path.join(folder, 'model.json');
      const s = await stat(file).catch(() => undefined);
      if (!s?.isFile()) throw new ApiError(404, `The model file of "${version.name}" v${version.version} is missing from ${folder}.`);
      return { status: 200, stream: createReadStream(file), headers: { 'content-type': 'application/json; charset=utf-8', 'content-length': String(s.size) } };
    },
  },
  {
    method: 'POST',
    path: '/api/models',
    async handle(req) {
      const body = await req.readJson();
      if (!isRecord(body) || !Array.isArray(body.registrations) || body.registrations.length === 0) {
        throw new ApiError(400, 'Send { "registrations": [ { "name": …, "model": { "format": "crispflow-model/1", "model": … } } ] }.');
      }
      if (body.registrations.length > MAX_REGISTRATIONS) throw new ApiError(413, `At most ${MAX_REGISTRATIONS} models can be registered per request.`);
      const registrations = body.registrations.map((r, i) => parseRegistration(r, `registrations[${i}]`));
      try {
        const done = await registerInFolder(studio.workspace.registry, registrations, { auditKey: await studio.auditKey() });
        return json(200, { registered: done.map((d) => ({ version: d.version, created: d.created })) });
      } catch (e) {
        if (e instanceof RegistryFileError) throw new ApiError(409, e.message);
        throw e;
      }
    },
  },
];
