/**
 * Model versions in IndexedDB (`models` store): after a run, every trained model is registered with
 * the metrics and fairness reports computed on its predictions; identical training is not a new version.
 * Each new version is written in the same transaction as the audit entry that records it, so the
 * registry never holds a version the audit log does not name (nor the reverse), whatever stops the page.
 */
import type { PipelineDocument } from '../../core/document.ts';
import type { NodeRegistry } from '../../core/registry.ts';
import { registerModelVersion, type ModelVersion } from '../../governance/registry/model-version.ts';
import { outputPortTypes, trainedModels } from '../../runtime/model-evaluations.ts';
import { withScoringPipelines } from '../../monitoring/scoring-pipeline.ts';
import type { RunResult } from '../../runtime/runner.ts';
import type { CrispflowDatabase, StoredModel } from '../persistence/db.ts';
import { appendAudit } from '../review/audit-db.ts';

export type StoredModelVersion = StoredModel & { record: ModelVersion };

export async function listModelVersions(db: CrispflowDatabase, pipelineId?: string): Promise<ModelVersion[]> {
  const all = (pipelineId ? await db.getAllFromIndex('models', 'pipelineId', pipelineId) : await db.getAll('models')) as StoredModelVersion[];
  return all
    .filter((m) => m.record)
    .map((m) => m.record)
    .sort((a, b) => (a.name === b.name ? b.version - a.version : a.name < b.name ? -1 : 1));
}

/** Registers the models of a finished run; returns the versions created. */
export async function recordModelVersions(
  db: CrispflowDatabase,
  args: { pipelineId: string; doc: PipelineDocument; registry: NodeRegistry; result: Pick<RunResult, 'outputs'>; now?: Date },
): Promise<ModelVersion[]> {
  const { doc, registry, result } = args;
  const existing = await listModelVersions(db);
  const created: ModelVersion[] = [];
  // Each model is kept with its scoring pipeline (src/monitoring/scoring-pipeline.ts): the browser's Monitoring view scores raw batches with it.
  const trained = await withScoringPipelines(trainedModels({ doc, outputs: result.outputs, portType: outputPortTypes(doc, registry) }), { doc, registry, outputs: result.outputs });
  for (const { nodeId, registration } of trained) {
    const { version, created: isNew } = registerModelVersion(existing, { ...registration, now: args.now });
    if (!isNew) continue;
    const stored: StoredModelVersion = {
      id: version.id,
      pipelineId: args.pipelineId,
      nodeId,
      kind: version.kind,
      fingerprint: version.fingerprint,
      createdAt: Date.parse(version.createdAt),
      record: version,
      model: registration.model,
    };
    await appendAudit(
      db,
      { kind: 'model', actor: 'designer', data: { event: 'registered', name: version.name, version: version.version, fingerprint: version.fingerprint, kind: version.kind, versionId: version.id, pipelineId: args.pipelineId, nodeId } },
      async (tx) => {
        await tx.objectStore('models').put(stored);
      },
    );
    existing.push(version);
    created.push(version);
  }
  return created;
}
