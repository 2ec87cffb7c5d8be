import { memo, useCallback, useLayoutEffect, useRef, useState, type RefObject } from 'react';
import { flushSync } from 'react-dom';
import { useVirtualizer, type VirtualItem } from '@tanstack/react-virtual';
import { cellValue, type Column, type Table } from '../../core/table/table.ts';
import { ColumnProfilePanel } from './ColumnProfilePanel.tsx';
import { downloadTableCsv } from './download.ts';
import { formatCount, formatNumber } from './format.ts';
import { rowWindow, type RowWindow } from './row-window.ts';

const ROW_HEIGHT = 26;
const MemoProfilePanel = memo(ColumnProfilePanel);
const COL_WIDTH = 150;
const ROW_NUMBER_WIDTH = 76;

/** Text of one cell, read lazily from the columnar table (no row objects are ever built). */
function cellText(c: Column, i: number): string | null {
  const v = cellValue(c, i);
  if (v === null) return null;
  if (typeof v === 'number') return formatNumber(v);
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  return v;
}

/**
 * Rows are keyed by slot (index modulo a pool larger than a screenful), so scrolling reuses the same
 * DOM nodes and only changes their text and offset, instead of creating and dropping nodes each frame.
 */
const ROW_SLOTS = 256;

interface GridRowProps {
  index: number;
  top: number;
  width: number;
  columns: Column[];
  cols: VirtualItem[];
}

const GridRow = memo(function GridRow({ index, top, width, columns, cols }: GridRowProps) {
  return (
    <div role="row" aria-rowindex={index + 2} className="cf-grid-row" style={{ transform: `translateY(${top}px)`, width, height: ROW_HEIGHT }}>
      <div className="cf-grid-rownum" role="rowheader" style={{ width: ROW_NUMBER_WIDTH }}>
        {index + 1}
      </div>
      {cols.map((vc) => {
        const c = columns[vc.index];
        const text = cellText(c, index);
        const numeric = c.type === 'number' || c.type === 'integer';
        return (
          <div
            key={vc.key}
            role="gridcell"
            aria-colindex={vc.index + 2}
            className={`cf-grid-cell${numeric ? ' cf-num' : ''}${text === null ? ' cf-missing' : ''}`}
            style={{ left: ROW_NUMBER_WIDTH + vc.start, width: vc.size }}
            title={text !== null && text.length > 18 ? text.slice(0, 500) : undefined}
          >
            {text ?? '—'}
          </div>
        );
      })}
    </div>
  );
}, sameRow);

/** Re-render a row only when its index, offset or the visible columns change. */
function sameRow(a: GridRowProps, b: GridRowProps): boolean {
  if (a.index !== b.index || a.top !== b.top || a.width !== b.width || a.columns !== b.columns) return false;
  if (a.cols.length !== b.cols.length) return false;
  for (let i = 0; i < a.cols.length; i++) if (a.cols[i].index !== b.cols[i].index || a.cols[i].start !== b.cols[i].start) return false;
  return true;
}

const TYPE_BADGES: Record<string, string> = {
  number: '#',
  integer: '#',
  boolean: 'y/n',
  date: 'date',
  category: 'cat',
  text: 'abc',
};

function visibleRows(w: RowWindow): number[] {
  const out: number[] = [];
  for (let i = w.first; i < w.last; i++) out.push(i);
  return out;
}

/** The scroll container's vertical position and height, updated synchronously on scroll and resize. */
function useScrollPosition(ref: RefObject<HTMLDivElement | null>): { top: number; height: number } {
  const [pos, setPos] = useState({ top: 0, height: 600 });
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const read = () =>
      setPos((p) => (p.top === el.scrollTop && p.height === el.clientHeight ? p : { top: el.scrollTop, height: el.clientHeight }));
    read();
    // Render in the scroll event itself, so new rows are painted in the same frame as the scroll.
    const onScroll = () => flushSync(read);
    el.addEventListener('scroll', onScroll, { passive: true });
    const ro = new ResizeObserver(read);
    ro.observe(el);
    return () => {
      el.removeEventListener('scroll', onScroll);
      ro.disconnect();
    };
  }, [ref]);
  return pos;
}

/**
 * A virtualised grid over a columnar table: only the rows and columns in view are rendered, so a
 * 1,000,000-row table scrolls as smoothly as a 10-row one. Clicking a column header shows its profile.
 */
export function TableViewer({ table, name = 'table' }: { table: Table; name?: string }) {
  const scrollRef = useRef<HTMLDivElement>(null);
  // Predictions open on their score column, where the model's output is.
  const [selected, setSelected] = useState(() => Math.max(0, table.columns.findIndex((c) => c.role === 'score')));
  const [exporting, setExporting] = useState<string | null>(null);
  const columns = table.columns;
  const view = useScrollPosition(scrollRef);
  // Rows: O(1) window arithmetic (row-window.ts); columns: few, so the generic virtualiser is fine.
  const rows = rowWindow({
    scrollTop: view.top,
    viewportHeight: view.height - ROW_HEIGHT,
    count: table.nRows,
    rowHeight: ROW_HEIGHT,
    overscan: 6,
  });
  const cols = useVirtualizer({
    horizontal: true,
    count: columns.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => COL_WIDTH,
    overscan: 1,
  });
  const download = useCallback(async () => {
    setExporting('Preparing CSV…');
    try {
      await downloadTableCsv(table, name);
      setExporting(null);
    } catch (err) {
      setExporting(`Export failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }, [table, name]);

  const selectedColumn = columns[Math.min(selected, columns.length - 1)];
  const totalWidth = ROW_NUMBER_WIDTH + cols.getTotalSize();
  const virtualCols = cols.getVirtualItems();

  return (
    <div className="cf-table-viewer" data-testid="table-viewer">
      <div className="cf-viewer-toolbar">
        <span className="cf-muted" data-testid="table-size">
          {formatCount(table.nRows)} rows × {formatCount(columns.length)} columns
          {table.weights ? ' · weighted' : ''}
          {table.sparse ? ` · ${formatCount(table.sparse.nCols)} sparse features (${table.sparse.name})` : ''}
        </span>
        <span className="cf-spacer" />
        <label className="cf-profile-pick">
          Profile of
          <select value={selected} onChange={(e) => setSelected(Number(e.target.value))} data-testid="profile-column">
            {columns.map((c, i) => (
              <option key={`${i}:${c.name}`} value={i}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        {exporting && <span className="cf-muted" role="status">{exporting}</span>}
        <button type="button" className="cf-btn" onClick={download} data-testid="download-csv">
          Download CSV
        </button>
      </div>
      <div className="cf-table-body">
        <div
          ref={scrollRef}
          className="cf-grid-scroll"
          role="grid"
          aria-label={`Rows of ${name}`}
          aria-rowcount={table.nRows + 1}
          aria-colcount={columns.length + 1}
          tabIndex={0}
          data-testid="table-grid"
        >
          <div style={{ width: totalWidth, height: rows.totalHeight + ROW_HEIGHT, position: 'relative' }}>
            <div className="cf-grid-header" role="row" aria-rowindex={1} style={{ width: totalWidth, height: ROW_HEIGHT }}>
              <div className="cf-grid-rownum cf-grid-corner" role="columnheader" style={{ width: ROW_NUMBER_WIDTH }}>
                row
              </div>
              {virtualCols.map((vc) => {
                const c = columns[vc.index];
                return (
                  <div
                    key={vc.key}
                    role="columnheader"
                    aria-colindex={vc.index + 2}
                    className={`cf-grid-cell cf-grid-head${vc.index === selected ? ' cf-selected' : ''}`}
                    style={{ left: ROW_NUMBER_WIDTH + vc.start, width: vc.size }}
                  >
                    <button type="button" onClick={() => setSelected(vc.index)} title={`${c.name} (${c.type}${c.role ? `, ${c.role}` : ''}) — show profile`}>
                      <span className="cf-type-badge">{TYPE_BADGES[c.type] ?? c.type}</span>
                      {c.name}
                    </button>
                  </div>
                );
              })}
            </div>
            {visibleRows(rows).map((i) => (
              <GridRow key={i % ROW_SLOTS} index={i} top={rows.top(i) + ROW_HEIGHT} width={totalWidth} columns={columns} cols={virtualCols} />
            ))}
          </div>
        </div>
        {selectedColumn && <MemoProfilePanel key={selected} column={selectedColumn} nRows={table.nRows} />}
      </div>
    </div>
  );
}
