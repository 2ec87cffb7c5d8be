/**
 * What an audit "run" entry records (EU AI Act Art. 12), shared by the CLI and the designer: the
 * pipeline (name, hash), dataset fingerprints, every node's type, params and status, model kinds and
 * fingerprints, metrics, fairness and review summaries.
 */
import type { PipelineDocument } from '../core/document.ts';
import type { Model, PortType } from '../core/ports.ts';
import type { NodeRegistry } from '../core/registry.ts';
import { canonicalJson, toJsonSafe } from '../governance/audit/canonical-json.ts';
import type { AuditEntryInput } from '../governance/audit/chain.ts';
import { sha256Hex } from '../governance/audit/sha256.ts';
import type { RunResult } from './runner.ts';
import { summarizeOutput } from './summarize.ts';

export function pipelineHash(doc: PipelineDocument): Promise<string> {
  return sha256Hex(canonicalJson(toJsonSafe(doc)));
}

export async function runAuditInput(args: {
  doc: PipelineDocument;
  registry: NodeRegistry;
  result: Pick<RunResult, 'status' | 'nodes' | 'outputs' | 'waiting'>;
  /** Dataset fingerprints keyed `source:name` (null when not found). */
  datasets: Record<string, string | null>;
  actor: string;
  extra?: Record<string, unknown>;
}): Promise<AuditEntryInput> {
  const { doc, registry, result } = args;
  const params: Record<string, unknown> = {};
  const nodes: Record<string, string> = {};
  const models: Record<string, unknown> = {};
  const metrics: Record<string, unknown> = {};
  const fairness: Record<string, unknown> = {};
  const reviews: Record<string, unknown> = {};
  for (const node of doc.nodes) {
    params[node.id] = { type: node.type, version: node.version, params: node.params };
    nodes[node.id] = result.nodes[node.id]?.status ?? 'not run';
    const def = registry.get(node.type);
    for (const [port, value] of Object.entries(result.outputs[node.id] ?? {})) {
      const type = def?.outputs[port]?.type as PortType | undefined;
      const key = `${node.id}.${port}`;
      if (type === 'model') {
        const m = value as Model;
        models[key] = { kind: m.kind, fingerprint: m.fingerprint, features: m.featureNames?.length ?? 0 };
      } else if (type === 'metrics') metrics[key] = summarizeOutput(type, value);
      else if (type === 'fairness') fairness[key] = summarizeOutput(type, value);
      else if (type === 'review') {
        const d = (value as { data?: Record<string, unknown> }).data ?? {};
        reviews[key] = { items: d.items, overridden: d.overridden, overrideRate: d.overrideRate };
      }
    }
  }
  const waiting = Object.keys(result.waiting ?? {});
  return {
    kind: 'run',
    actor: args.actor,
    data: {
      pipeline: doc.metadata.name,
      pipelineHash: await pipelineHash(doc),
      datasets: args.datasets,
      status: result.status,
      nodes,
      params,
      models,
      metrics,
      fairness,
      ...(Object.keys(reviews).length ? { reviews } : {}),
      ...(waiting.length ? { waitingFor: waiting } : {}),
      ...args.extra,
    },
  };
}
