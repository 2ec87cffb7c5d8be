/**
 * Quick add: a search box over every node type, opened by a double-click or right-click on the
 * empty canvas (the node lands there) or the "/" key (it lands in the middle of the view).
 * Arrow keys choose among the matches, Enter adds, Escape closes.
 */
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useRegistry } from '../store/context.tsx';
import { PHASE_LABEL } from '../theme.ts';
import { paletteGroups } from '../palette/palette-groups.ts';

export function QuickAdd({ onChoose, onClose }: { onChoose(type: string): void; onClose(): void }) {
  const registry = useRegistry();
  const ref = useRef<HTMLDialogElement>(null);
  const [query, setQuery] = useState('');
  const [index, setIndex] = useState(0);
  const listId = useId();
  const matches = useMemo(() => paletteGroups(registry.list(), query).flatMap((g) => g.nodes), [registry, query]);
  const chosen = matches[Math.min(index, matches.length - 1)];
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);
  const optionId = (type: string) => `${listId}-${type}`;
  return (
    <dialog ref={ref} className="cf-dialog cf-quick-add" aria-label="Add a node" onClose={onClose} onCancel={onClose} data-testid="quick-add">
      <label htmlFor={`${listId}-q`} className="cf-field-label">
        Add a node
      </label>
      <input
        id={`${listId}-q`}
        type="search"
        role="combobox"
        aria-expanded="true"
        aria-controls={listId}
        aria-activedescendant={chosen ? optionId(chosen.type) : undefined}
        aria-autocomplete="list"
        placeholder="Type to search, e.g. split, logistic, fairness"
        value={query}
        autoFocus
        onChange={(e) => {
          setQuery(e.target.value);
          setIndex(0);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') setIndex((i) => Math.min(i + 1, matches.length - 1));
          else if (e.key === 'ArrowUp') setIndex((i) => Math.max(i - 1, 0));
          else if (e.key === 'Enter' && chosen) onChoose(chosen.type);
          else return;
          e.preventDefault();
        }}
      />
      <ul id={listId} role="listbox" aria-label="Matching nodes" className="cf-quick-add-list">
        {matches.map((d, i) => (
          <li
            key={d.type}
            id={optionId(d.type)}
            role="option"
            aria-selected={d === chosen}
            className="cf-quick-add-item"
            data-node-type={d.type}
            onMouseEnter={() => setIndex(i)}
            onClick={() => onChoose(d.type)}
          >
            <strong>{d.title}</strong> <span className="cf-muted">· {PHASE_LABEL[d.phase]}</span>
            <span className="cf-quick-add-summary">{d.summary}</span>
          </li>
        ))}
      </ul>
      {matches.length === 0 && <p className="cf-empty">No node matches “{query}”.</p>}
    </dialog>
  );
}
