/**
 * Groups node definitions by CRISP-DM phase (in process order) and filters them by a search text.
 * Extension nodes (from node packages) are found by their package name and by the word "extension".
 */
import { CRISP_PHASES, type AnyNodeDefinition, type CrispPhase } from '../../core/node-definition.ts';

export interface PaletteGroup {
  phase: CrispPhase;
  nodes: AnyNodeDefinition[];
}

/** "Extension from <package> <version>" for a node a package brought; undefined for built-in nodes. */
export function extensionLabel(def: AnyNodeDefinition): string | undefined {
  return def.origin ? `Extension from ${def.origin.package}${def.origin.version ? ` ${def.origin.version}` : ''}` : undefined;
}

export function paletteGroups(defs: readonly AnyNodeDefinition[], query: string): PaletteGroup[] {
  const words = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
  const matches = (d: AnyNodeDefinition) => {
    const origin = d.origin ? ` extension ${d.origin.package}` : '';
    const hay = `${d.title} ${d.type} ${d.summary} ${d.category} ${d.phase}${origin}`.toLowerCase();
    return words.every((w) => hay.includes(w));
  };
  return CRISP_PHASES.map((phase) => ({
    phase,
    nodes: defs
      .filter((d) => d.phase === phase && matches(d))
      .sort((a, b) => a.category.localeCompare(b.category) || a.title.localeCompare(b.title)),
  })).filter((g) => g.nodes.length > 0);
}
