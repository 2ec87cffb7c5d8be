/**
 * Review mode's case list: a multi-select listbox that renders only the rows in view (plus a few
 * around), so 1,000 cases cost no more than 40 rows, and a keypress re-renders only the rows whose
 * "current" or "selected" state changed (memoised rows). The current case is the listbox's
 * aria-activedescendant; the bulk selection is aria-selected.
 */
import { memo, useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import type { CaseRow } from './review-mode-state.ts';

export const ROW_HEIGHT = 34;
const OVERSCAN = 8;

export const optionId = (itemId: string) => `cf-rm-case-${itemId.replace(/[^A-Za-z0-9_-]/g, (ch) => `_${ch.charCodeAt(0)}`)}`;

interface ListProps {
  rows: readonly CaseRow[];
  currentId: string | undefined;
  selection: ReadonlySet<string>;
  scoresHidden: boolean;
  /** Ids whose score the reviewer may already see (assessed or decided). */
  scoreShown(row: CaseRow): boolean;
  onPick(itemId: string, how: { shift: boolean; toggle: boolean }): void;
  onKeyDown(e: KeyboardEvent<HTMLDivElement>): void;
  listRef: React.RefObject<HTMLDivElement | null>;
}

export function ReviewModeList({ rows, currentId, selection, scoresHidden, scoreShown, onPick, onKeyDown, listRef }: ListProps) {
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(600);
  const frame = useRef(0);

  useEffect(() => {
    const el = listRef.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(() => setHeight(el.clientHeight));
    ro.observe(el);
    setHeight(el.clientHeight);
    return () => ro.disconnect();
  }, [listRef]);

  const currentIndex = currentId === undefined ? -1 : rows.findIndex((r) => r.item.itemId === currentId);
  // Keep the current case in view (as a native list would when moving with the keyboard).
  useLayoutEffect(() => {
    const el = listRef.current;
    if (!el || currentIndex < 0) return;
    const top = currentIndex * ROW_HEIGHT;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + ROW_HEIGHT > el.scrollTop + el.clientHeight) el.scrollTop = top + ROW_HEIGHT - el.clientHeight;
    setScrollTop(el.scrollTop);
    // `height` too: when the list shrinks (a bulk form opens above it) the current case stays in view.
  }, [currentIndex, height, listRef]);

  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(rows.length, Math.ceil((scrollTop + height) / ROW_HEIGHT) + OVERSCAN);
  const shown = rows.slice(first, last);

  return (
    <div
      ref={listRef}
      className="cf-rm-list"
      role="listbox"
      aria-multiselectable="true"
      aria-label={`Cases (${rows.length}); x selects, j and k move`}
      aria-activedescendant={currentIndex >= 0 ? optionId(currentId!) : undefined}
      tabIndex={0}
      onKeyDown={onKeyDown}
      onScroll={(e) => {
        const top = e.currentTarget.scrollTop;
        cancelAnimationFrame(frame.current);
        frame.current = requestAnimationFrame(() => setScrollTop(top));
      }}
      data-testid="review-mode-list"
    >
      <div className="cf-rm-list-space" style={{ height: rows.length * ROW_HEIGHT }}>
        {shown.map((row, i) => (
          <CaseOption
            key={row.item.itemId}
            row={row}
            top={(first + i) * ROW_HEIGHT}
            position={first + i + 1}
            size={rows.length}
            current={row.item.itemId === currentId}
            selected={selection.has(row.item.itemId)}
            score={scoresHidden && !scoreShown(row) ? null : row.item.score}
            onPick={onPick}
          />
        ))}
      </div>
    </div>
  );
}

function statusLabel(row: CaseRow): string {
  switch (row.status) {
    case 'decided':
      return 'decided';
    case 'needs-second':
      return row.mine ? 'waiting for a second reviewer' : '1 of 2 reviews';
    case 'disputed':
      return 'disputed';
    default:
      return 'open';
  }
}

const CaseOption = memo(function CaseOption(p: {
  row: CaseRow;
  top: number;
  position: number;
  size: number;
  current: boolean;
  selected: boolean;
  score: number | null;
  onPick: ListProps['onPick'];
}) {
  const { item } = p.row;
  const click = (e: MouseEvent) => p.onPick(item.itemId, { shift: e.shiftKey, toggle: e.ctrlKey || e.metaKey });
  return (
    <div
      id={optionId(item.itemId)}
      role="option"
      aria-selected={p.selected}
      aria-setsize={p.size}
      aria-posinset={p.position}
      className={`cf-rm-row cf-rm-${p.row.status}${p.current ? ' is-current' : ''}${p.selected ? ' is-selected' : ''}`}
      style={{ top: p.top, height: ROW_HEIGHT }}
      onClick={click}
      data-testid="review-mode-row"
      data-item-id={item.itemId}
      data-status={p.row.status}
    >
      <span
        className="cf-rm-check"
        aria-hidden="true"
        onClick={(e) => {
          // The tick box toggles without moving the current case.
          e.stopPropagation();
          p.onPick(item.itemId, { shift: e.shiftKey, toggle: true });
        }}
      >
        {p.selected ? '☑' : '☐'}
      </span>
      <span className="cf-rm-id">{item.itemId}</span>
      <span className="cf-rm-group">{item.group ?? ''}</span>
      <span className={`cf-rm-rec cf-review-rec-${item.recommendation}`}>{item.recommendation === 'recommend' ? 'Recommend' : 'Not recommend'}</span>
      <span className="cf-rm-score">{p.score === null ? 'hidden' : p.score.toFixed(2)}</span>
      <span className="cf-rm-status">
        {statusLabel(p.row)}
        {p.row.final ? `: ${p.row.final.decision}` : ''}
      </span>
    </div>
  );
});
