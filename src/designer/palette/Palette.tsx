import { memo, useMemo, useRef, useState, type DragEvent, type KeyboardEvent } from 'react';
import type { AnyNodeDefinition } from '../../core/node-definition.ts';
import { useRegistry } from '../store/context.tsx';
import { PHASE_COLOR, PHASE_LABEL } from '../theme.ts';
import { extensionLabel, paletteGroups } from './palette-groups.ts';
import { nodePackageProblems } from '../registry.ts';

export const NODE_DRAG_TYPE = 'application/x-crispflow-node';

/**
 * The node palette, grouped by CRISP-DM phase. Drag an item onto the canvas, or focus it and press
 * Enter (or click it) to add it in the middle of the view. The items are one Tab stop (a roving
 * tabindex): arrow keys, Home and End move between them, so the canvas is a few Tabs away.
 */
export function Palette({ onAdd }: { onAdd: (type: string) => void }) {
  const registry = useRegistry();
  const [query, setQuery] = useState('');
  const groups = useMemo(() => paletteGroups(registry.list(), query), [registry, query]);
  const types = useMemo(() => groups.flatMap((g) => g.nodes.map((d) => d.type)), [groups]);
  const [active, setActive] = useState<string | undefined>(undefined);
  const current = active && types.includes(active) ? active : types[0];
  const navRef = useRef<HTMLElement>(null);
  const onKeyDown = (e: KeyboardEvent) => {
    const target = e.target as HTMLElement;
    const type = target.dataset.nodeType;
    if (!type) return;
    const i = types.indexOf(type);
    const to =
      e.key === 'ArrowDown' ? Math.min(i + 1, types.length - 1) : e.key === 'ArrowUp' ? Math.max(i - 1, 0) : e.key === 'Home' ? 0 : e.key === 'End' ? types.length - 1 : -1;
    if (to < 0) return;
    e.preventDefault();
    setActive(types[to]);
    navRef.current?.querySelector<HTMLElement>(`[data-node-type="${CSS.escape(types[to])}"]`)?.focus();
  };
  return (
    <nav className="cf-palette" aria-label="Node palette" ref={navRef} onKeyDown={onKeyDown}>
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
      <p className="cf-palette-hint">Drag a node onto the canvas, or press Enter on it (arrow keys move between nodes).</p>
      {groups.length === 0 && <p className="cf-empty">No node matches “{query}”.</p>}
      <NodePackageProblems />
      {groups.map((g) => (
        <section key={g.phase} className="cf-palette-group" aria-labelledby={`cf-phase-${g.phase}`}>
          <h2 id={`cf-phase-${g.phase}`} style={{ borderColor: PHASE_COLOR[g.phase] }}>
            {PHASE_LABEL[g.phase]}
          </h2>
          <ul>
            {g.nodes.map((d) => (
              <PaletteItem key={d.type} def={d} onAdd={onAdd} tabStop={d.type === current} onFocus={setActive} />
            ))}
          </ul>
        </section>
      ))}
    </nav>
  );
}

const PaletteItem = memo(function PaletteItem(props: {
  def: AnyNodeDefinition;
  onAdd: (type: string) => void;
  tabStop: boolean;
  onFocus: (type: string) => void;
}) {
  const { def, onAdd, tabStop, onFocus } = props;
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
        onFocus={() => onFocus(def.type)}
        tabIndex={tabStop ? 0 : -1}
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

/** Node packages (named at build time, or by the studio's workspace) that could not be used, each with its reason. */
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
