import type { AnyNodeDefinition, ModelScorer, ParallelKernel } from './node-definition.ts';

/**
 * A set of node types, and what they bring besides: the parallel kernels and model scorers their
 * definitions declare. An instance (not a global) so tests and hosts can build their own.
 */
export interface NodeRegistry {
  get(type: string): AnyNodeDefinition | undefined;
  has(type: string): boolean;
  list(): AnyNodeDefinition[];
  /** The current type name for a type or one of its aliases. */
  resolveType(type: string): string | undefined;
  /** A parallel kernel declared by one of the nodes (`kernels`), by name. */
  kernel(name: string): ParallelKernel | undefined;
  /** Every declared kernel, by name. */
  kernels(): ReadonlyMap<string, ParallelKernel>;
  /** Every declared model scorer, by model kind (`scorers`). */
  scorers(): ReadonlyMap<string, ModelScorer>;
}

/**
 * Collects one declaration table (kernels or scorers) over the definitions. The same name declared by
 * two nodes is allowed only for the very same function (two nodes sharing an ml kernel); otherwise the
 * second one would silently replace the first, so it is refused naming both nodes.
 */
function collect<T>(
  defs: AnyNodeDefinition[],
  pick: (d: AnyNodeDefinition) => Record<string, T> | undefined,
  what: string,
  valid: (v: T) => boolean,
  same: (a: T, b: T) => boolean,
): Map<string, T> {
  const table = new Map<string, T>();
  const owner = new Map<string, string>();
  for (const def of defs) {
    for (const [name, value] of Object.entries(pick(def) ?? {})) {
      const prior = table.get(name);
      if (prior !== undefined && !same(prior, value)) {
        throw new Error(`Node type "${def.type}" declares ${what} "${name}", which node type "${owner.get(name)}" already declares differently. Give it another name.`);
      }
      if (!valid(value)) throw new Error(`Node type "${def.type}" declares ${what} "${name}" without a function.`);
      table.set(name, value);
      owner.set(name, owner.get(name) ?? def.type);
    }
  }
  return table;
}

export function createRegistry(defs: Iterable<AnyNodeDefinition>, help: Record<string, string> = {}): NodeRegistry {
  const byType = new Map<string, AnyNodeDefinition>();
  const alias = new Map<string, string>();
  for (const def of defs) {
    if (byType.has(def.type)) throw new Error(`Node type "${def.type}" is registered twice.`);
    byType.set(def.type, help[def.type] ? { ...def, help: help[def.type] } : def);
    for (const a of def.aliases ?? []) alias.set(a, def.type);
  }
  const all = [...byType.values()];
  const kernels = collect(all, (d) => d.kernels, 'the parallel kernel', (k) => typeof k === 'function', (a, b) => a === b);
  const scorers = collect(
    all,
    (d) => d.scorers,
    'a scorer for model kind',
    (s) => typeof s?.score === 'function',
    (a, b) => a.score === b.score && !!a.acceptsMissing === !!b.acceptsMissing,
  );
  const resolveType = (type: string) => (byType.has(type) ? type : alias.get(type));
  return {
    get: (type) => {
      const t = resolveType(type);
      return t ? byType.get(t) : undefined;
    },
    has: (type) => resolveType(type) !== undefined,
    list: () => [...all],
    resolveType,
    kernel: (name) => kernels.get(name),
    kernels: () => kernels,
    scorers: () => scorers,
  };
}
