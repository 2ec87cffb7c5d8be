/** Groups node definitions by CRISP-DM phase (in process order) and filters them by a search text. */
import { CRISP_PHASES, type AnyNodeDefinition, type CrispPhase } from '../../core/node-definition.ts';

export interface PaletteGroup {
  phase: CrispPhase;
  nodes: AnyNodeDefinition[];
}

export function paletteGroups(defs: readonly AnyNodeDefinition[], query: string): PaletteGroup[] {
  const words = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
  const matches = (d: AnyNodeDefinition) => {
    const hay = `${d.title} ${d.type} ${d.summary} ${d.category} ${d.phase}`.toLowerCase();
    return words.every((w) => hay.includes(w));
  };
  return CRISP_PHASES.map((phase) => ({
    phase,
    nodes: defs
      .filter((d) => d.phase === phase && matches(d))
      .sort((a, b) => a.category.localeCompare(b.category) || a.title.localeCompare(b.title)),
  })).filter((g) => g.nodes.length > 0);
}
