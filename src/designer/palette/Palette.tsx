import { memo, useMemo, useState, type DragEvent } from 'react';
import type { AnyNodeDefinition } from '../../core/node-definition.ts';
import { useRegistry } from '../store/context.tsx';
import { PHASE_COLOR, PHASE_LABEL } from '../theme.ts';
import { extensionLabel, paletteGroups } from './palette-groups.ts';
import { nodePackageProblems } from '../registry.ts';

export const NODE_DRAG_TYPE = 'application/x-crispflow-node';

/**
 * The node palette, grouped by CRISP-DM phase. Drag an item onto the canvas, or focus it and press
 * Enter (or click it) to add it in the middle of the view.
 */
export function Palette({ onAdd }: { onAdd: (type: string) => void }) {
  const registry = useRegistry();
  const [query, setQuery] = useState('');
  const groups = useMemo(() => paletteGroups(registry.list(), query), [registry, query]);
  return (
    <nav className="cf-palette" aria-label="Node palette">
      <div className="cf-palette-search">
        <label htmlFor="cf-palette-search" className="cf-visually-hidden">
          Search nodes
        </label>
        <input
          id="cf-palette-search"
          type="search"
          placeholder="Search nodes…"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
      </div>
      <p className="cf-palette-hint">Drag a node onto the canvas, or press Enter on it.</p>
      {groups.length === 0 && <p className="cf-empty">No node matches “{query}”.</p>}
      <NodePackageProblems />
      {groups.map((g) => (
        <section key={g.phase} className="cf-palette-group" aria-labelledby={`cf-phase-${g.phase}`}>
          <h2 id={`cf-phase-${g.phase}`} style={{ borderColor: PHASE_COLOR[g.phase] }}>
            {PHASE_LABEL[g.phase]}
          </h2>
          <ul>
            {g.nodes.map((d) => (
              <PaletteItem key={d.type} def={d} onAdd={onAdd} />
            ))}
          </ul>
        </section>
      ))}
    </nav>
  );
}

const PaletteItem = memo(function PaletteItem({ def, onAdd }: { def: AnyNodeDefinition; onAdd: (type: string) => void }) {
  const onDragStart = (e: DragEvent) => {
    e.dataTransfer.setData(NODE_DRAG_TYPE, def.type);
    e.dataTransfer.setData('text/plain', def.type);
    e.dataTransfer.effectAllowed = 'copy';
  };
  const extension = extensionLabel(def);
  return (
    <li>
      <button
        type="button"
        className="cf-palette-item"
        draggable
        onDragStart={onDragStart}
        onClick={() => onAdd(def.type)}
        data-node-type={def.type}
        aria-label={`Add ${def.title}${extension ? ` (${extension})` : ''}: ${def.summary}`}
        data-extension={extension ? def.origin?.package : undefined}
        style={{ borderLeftColor: PHASE_COLOR[def.phase] }}
      >
        <span className="cf-palette-title">
          {def.title}
          {extension && (
            <span className="cf-palette-extension" title={extension}>
              extension
            </span>
          )}
        </span>
        <span className="cf-palette-summary">{def.summary}</span>
      </button>
    </li>
  );
});

/** Node packages named at build time that could not be used, each with its reason. */
function NodePackageProblems() {
  const problems = nodePackageProblems();
  if (problems.length === 0) return null;
  return (
    <div className="cf-palette-problems" role="status">
      {problems.map((p) => (
        <p key={p}>{p}</p>
      ))}
    </div>
  );
}
