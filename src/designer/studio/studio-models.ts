/**
 * Model versions in studio mode: the workspace registry (the folder `crispflow run --registry` uses) is the
 * list the Models panel shows, and every model a designer run trains is registered there too (the browser's
 * own IndexedDB versions and audit entries are still written, as without a studio).
 */
import type { PipelineDocument } from '../../core/document.ts';
import type { NodeRegistry } from '../../core/registry.ts';
import type { ModelVersion } from '../../governance/registry/model-version.ts';
import { outputPortTypes, trainedModels } from '../../runtime/model-evaluations.ts';
import { withScoringPipelines } from '../../monitoring/scoring-pipeline.ts';
import type { RunResult } from '../../runtime/runner.ts';
import { modelFileObject } from './model-wire.ts';
import { putJson, studioJson } from './studio-client.ts';

export async function listStudioModelVersions(): Promise<ModelVersion[]> {
  const { versions } = await studioJson<{ versions: ModelVersion[] }>('/api/models');
  return versions.slice().sort((a, b) => (a.name === b.name ? b.version - a.version : a.name < b.name ? -1 : 1));
}

export interface StudioRegistered {
  version: ModelVersion;
  created: boolean;
}

/** Registers the models a run trained in the workspace registry; none when it trained none. */
export async function registerRunModels(args: { doc: PipelineDocument; registry: NodeRegistry; result: Pick<RunResult, 'outputs'> }): Promise<StudioRegistered[]> {
  // Registered with their scoring pipelines, as `crispflow run --registry` registers them (src/monitoring/scoring-pipeline.ts).
  const trained = await withScoringPipelines(trainedModels({ doc: args.doc, outputs: args.result.outputs, portType: outputPortTypes(args.doc, args.registry) }), { doc: args.doc, registry: args.registry, outputs: args.result.outputs });
  if (trained.length === 0) return [];
  const registrations = trained.map(({ registration: r }) => ({ ...r, model: modelFileObject(r.model) }));
  const { registered } = await studioJson<{ registered: StudioRegistered[] }>('/api/models', putJson('/api/models', { registrations }, 'POST'));
  return registered;
}
