import { useEffect, useMemo, useState } from 'react';
import * as Plot from '@observablehq/plot';
import type { Column } from '../../core/table/table.ts';
import { runProfileInSlices, type ColumnProfile } from './column-profile.ts';
import { formatCount, formatNumber } from './format.ts';
import { PlotFigure } from './PlotFigure.tsx';
import { Term } from './Term.tsx';

import { ACCENT } from './chart-theme.ts';

const TYPE_LABELS: Record<string, string> = {
  number: 'Number',
  integer: 'Whole number',
  boolean: 'Yes / no',
  date: 'Date',
  category: 'Category',
  text: 'Text',
};

function formatValue(p: ColumnProfile, v: number | undefined): string {
  if (v === undefined) return '—';
  if (p.type === 'date') return new Date(v).toISOString().slice(0, 10);
  return Number.isInteger(v) && Math.abs(v) < 1e15 ? formatCount(v) : formatNumber(v);
}

/** Profile of one column, computed in time slices (see column-profile.ts) so big tables stay smooth. */
export function ColumnProfilePanel({ column, nRows }: { column: Column; nRows: number }) {
  const [state, setState] = useState<{ column: Column; profile?: ColumnProfile; error?: string }>({ column });
  useEffect(() => {
    const ac = new AbortController();
    runProfileInSlices(column, nRows, { signal: ac.signal }).then(
      (profile) => setState({ column, profile }),
      (err: unknown) => {
        if (!ac.signal.aborted) setState({ column, error: err instanceof Error ? err.message : String(err) });
      },
    );
    return () => ac.abort();
  }, [column, nRows]);
  const profile = state.column === column ? state.profile : undefined;
  const error = state.column === column ? state.error : undefined;

  const chart = useMemo((): Plot.PlotOptions | undefined => {
    if (!profile) return undefined;
    if (profile.histogram) {
      const isDate = profile.type === 'date';
      const bins = profile.histogram.map((b) => ({
        x0: isDate ? new Date(b.x0) : b.x0,
        x1: isDate ? new Date(b.x1) : b.x1,
        count: b.count,
      }));
      return {
        height: 150,
        width: 300,
        marginLeft: 44,
        x: { label: null, type: isDate ? 'utc' : 'linear' },
        // whole-number ticks: counts of rows
        y: { label: 'rows', grid: true, ticks: Math.min(4, Math.max(1, ...profile.histogram.map((b) => b.count))) },
        marks: [Plot.rectY(bins, { x1: 'x0', x2: 'x1', y: 'count', fill: ACCENT, insetLeft: 0.5, insetRight: 0.5 }), Plot.ruleY([0])],
      };
    }
    if (profile.top && profile.top.length > 0) {
      return {
        height: 56 + profile.top.length * 22,
        width: 300,
        marginLeft: 110,
        marginRight: 16,
        x: { label: 'rows', grid: true, ticks: 4 },
        y: { label: null, domain: profile.top.map((t) => t.value), tickFormat: (s: string) => (s.length > 16 ? `${s.slice(0, 15)}…` : s) },
        marks: [Plot.barX(profile.top, { x: 'count', y: 'value', fill: ACCENT }), Plot.ruleX([0])],
      };
    }
    return undefined;
  }, [profile]);

  return (
    <section className="cf-profile" aria-label={`Profile of column ${column.name}`} data-testid="column-profile">
      <h3 className="cf-profile-title">{column.name}</h3>
      <dl className="cf-profile-facts">
        <dt>Type</dt>
        <dd>{TYPE_LABELS[column.type] ?? column.type}</dd>
        <dt>Role</dt>
        <dd>{column.role ?? 'feature'}</dd>
        <dt>
          <Term k="missing values">Missing</Term>
        </dt>
        <dd data-testid="profile-missing">{profile ? `${profile.missingPct.toFixed(1)}% (${formatCount(profile.missing)})` : '…'}</dd>
        {profile?.distinct !== undefined && (
          <>
            <dt>Distinct</dt>
            <dd>
              {formatCount(profile.distinct)}
              {profile.distinctCapped ? '+' : ''}
            </dd>
          </>
        )}
        {profile?.min !== undefined && profile.type !== 'boolean' && (
          <>
            <dt>Range</dt>
            <dd>
              {formatValue(profile, profile.min)} – {formatValue(profile, profile.max)}
            </dd>
            {profile.type !== 'date' && (
              <>
                <dt>Mean</dt>
                <dd>{formatValue(profile, profile.mean)}</dd>
              </>
            )}
          </>
        )}
      </dl>
      {error && <p className="cf-error">Could not profile this column: {error}</p>}
      {!profile && !error && <p className="cf-muted">Profiling {formatCount(nRows)} rows…</p>}
      {chart && (
        <PlotFigure
          options={chart}
          label={profile?.histogram ? `Histogram of ${column.name}` : `Most frequent values of ${column.name}`}
          testId={profile?.histogram ? 'profile-histogram' : 'profile-top'}
        />
      )}
      {profile?.top && profile.type === 'text' && profile.distinctCapped && (
        <p className="cf-muted">Free text with many different values; the most frequent are shown.</p>
      )}
    </section>
  );
}
