import type { AnyNodeDefinition } from './node-definition.ts';

/** A set of node types. An instance (not a global) so tests and hosts can build their own. */
export interface NodeRegistry {
  get(type: string): AnyNodeDefinition | undefined;
  has(type: string): boolean;
  list(): AnyNodeDefinition[];
  /** The current type name for a type or one of its aliases. */
  resolveType(type: string): string | undefined;
}

export function createRegistry(defs: Iterable<AnyNodeDefinition>, help: Record<string, string> = {}): NodeRegistry {
  const byType = new Map<string, AnyNodeDefinition>();
  const alias = new Map<string, string>();
  for (const def of defs) {
    if (byType.has(def.type)) throw new Error(`Node type "${def.type}" is registered twice.`);
    byType.set(def.type, help[def.type] ? { ...def, help: help[def.type] } : def);
    for (const a of def.aliases ?? []) alias.set(a, def.type);
  }
  const resolveType = (type: string) => (byType.has(type) ? type : alias.get(type));
  return {
    get: (type) => {
      const t = resolveType(type);
      return t ? byType.get(t) : undefined;
    },
    has: (type) => resolveType(type) !== undefined,
    list: () => [...byType.values()],
    resolveType,
  };
}
