import type { DatasetProvider, DatasetRef } from './node-definition.ts';
import { withDefaults } from './params.ts';
import type { NodeRegistry } from './registry.ts';

/** Key under which a dataset's fingerprint is looked up (CompileOptions.fingerprints). */
export function datasetKey(ref: DatasetRef): string {
  return `${ref.source}:${ref.name}`;
}

/**
 * Why a dataset name may not be used (a sentence fragment), or undefined. Names are looked up inside
 * the data folders (--data, the pipeline's folder, the samples), so they must stay inside them: the
 * CLI's provider refuses the same names at run time, and `validate` says so before anything runs.
 */
export function datasetNameProblem(name: string): string | undefined {
  if (name.startsWith(SNAPSHOT_PREFIX)) {
    const ref = parseSnapshotName(name);
    return ref && 'problem' in ref ? ref.problem : undefined;
  }
  if (name.includes('\0')) return 'it contains a NUL character';
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused here
  if (/[\u0001-\u001f\u007f]/.test(name)) return 'it contains a control character';
  if (name.includes('\\')) return 'it contains "\\" (separate folders with "/")';
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) return 'it is an absolute path';
  if (name.split('/').includes('..')) return 'it leaves the data folders with ".."';
  return undefined;
}

/** `snapshot:<connection>/latest` or `snapshot:<connection>/<id>`: a pulled snapshot in the workspace (src/connectors). */
export const SNAPSHOT_PREFIX = 'snapshot:';
const SNAPSHOT_NAME = /^snapshot:([A-Za-z0-9][A-Za-z0-9_-]{0,63})\/(latest|\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z)$/;

/**
 * The connection and snapshot a `snapshot:` dataset name points to; a problem when it has the prefix but not
 * the exact form (the whole name is matched, so it can never hold "/..", "\\" or anything else that leaves
 * the snapshot folder); undefined for other names.
 */
export function parseSnapshotName(name: string): { connection: string; snapshot: string } | { problem: string } | undefined {
  if (!name.startsWith(SNAPSHOT_PREFIX)) return undefined;
  const m = SNAPSHOT_NAME.exec(name);
  if (!m) return { problem: 'a snapshot name is snapshot:<connection>/latest or snapshot:<connection>/<snapshot id such as 2026-12-07T19-46-36-123Z>' };
  return { connection: m[1], snapshot: m[2] };
}

/**
 * Every dataset the pipeline's nodes read (nodes with the `datasets` capability), once each.
 * Tolerates unvalidated documents and bad params: the compiler reports those.
 */
export function pipelineDatasetRefs(doc: unknown, registry: NodeRegistry): DatasetRef[] {
  const nodes = (doc as { nodes?: unknown } | null)?.nodes;
  if (!Array.isArray(nodes)) return [];
  const seen = new Map<string, DatasetRef>();
  for (const n of nodes as Array<{ type?: unknown; params?: unknown }>) {
    const def = typeof n?.type === 'string' ? registry.get(n.type) : undefined;
    if (!def?.capabilities?.datasets) continue;
    try {
      const params = withDefaults(def.params, (n.params ?? {}) as Record<string, unknown>);
      for (const ref of def.capabilities.datasets(params)) if (!seen.has(datasetKey(ref))) seen.set(datasetKey(ref), ref);
    } catch {
      // Bad params: the compiler reports them.
    }
  }
  return [...seen.values()];
}

/** Content fingerprints of every dataset the pipeline reads, keyed `source:name` (null when not found). */
export async function datasetFingerprints(
  doc: unknown,
  registry: NodeRegistry,
  provider: DatasetProvider,
): Promise<Record<string, string | null>> {
  const out: Record<string, string | null> = {};
  for (const ref of pipelineDatasetRefs(doc, registry)) {
    out[datasetKey(ref)] = (await provider.fingerprint(ref).catch(() => undefined)) ?? null;
  }
  return out;
}
