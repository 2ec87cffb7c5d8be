/**
 * Run records in studio mode: after each designer run the studio keeps what it did in
 * <workspace>/runs/<id>.json (the same facts as the audit entry: pipeline and its hash, dataset
 * fingerprints, node statuses, models, metrics, fairness) plus the versions it registered.
 */
import { datasetFingerprints } from '../../core/dataset-refs.ts';
import type { PipelineDocument } from '../../core/document.ts';
import type { DatasetProvider } from '../../core/node-definition.ts';
import type { NodeRegistry } from '../../core/registry.ts';
import { runAuditInput } from '../../runtime/run-audit.ts';
import type { RunResult } from '../../runtime/runner.ts';
import type { StudioRegistered } from './studio-models.ts';
import { putJson, studioJson } from './studio-client.ts';
import type { RunRecordSummary } from './studio-run-list.ts';

export async function saveStudioRun(args: {
  doc: PipelineDocument;
  registry: NodeRegistry;
  datasets: DatasetProvider;
  result: RunResult;
  registered: StudioRegistered[];
  id?: string;
}): Promise<RunRecordSummary> {
  const { doc, registry, result } = args;
  const audit = await runAuditInput({ doc, registry, result, datasets: await datasetFingerprints(doc, registry, args.datasets), actor: 'designer' });
  const { pipeline, pipelineHash, ...facts } = audit.data as { pipeline: string; pipelineHash: string } & Record<string, unknown>;
  const id = args.id ?? crypto.randomUUID();
  const record = {
    ...facts,
    pipeline: { name: pipeline, hash: pipelineHash },
    status: result.status,
    finishedAt: new Date().toISOString(),
    ms: Math.round(result.ms),
    source: 'designer',
    registered: args.registered.map((r) => ({ name: r.version.name, version: r.version.version, created: r.created })),
  };
  const { run } = await studioJson<{ run: RunRecordSummary }>(`/api/runs/${id}`, putJson(`/api/runs/${id}`, record));
  return run;
}
