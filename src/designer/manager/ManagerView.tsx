import { useMemo, useState } from 'react';
import type { Document, Model } from '../../core/ports.ts';
import { takeRows, withColumns, type Table } from '../../core/table/table.ts';
import { isShapExplanation, type ShapExplanationData } from '../../ml/explain/explanation.ts';
import { riskList, riskTable, slotValue, type RiskRow } from '../../ml/explain/view-data.ts';
import { featureLabel } from '../../ml/explain/plain-language.ts';
import { scoreWithDrivers, type ScoredRow } from '../../ml/explain/score-with-drivers.ts';
import { tableToCsv } from '../../io/csv-export.ts';
import { saveBlob } from '../results/download.ts';
import './manager.css';

const pct = (v: number) => `${Math.round(v * 100)}%`;

function band(score: number): { label: string; cls: string } {
  if (score >= 0.5) return { label: 'High', cls: 'cf-risk-high' };
  if (score >= 0.25) return { label: 'Medium', cls: 'cf-risk-medium' };
  return { label: 'Low', cls: 'cf-risk-low' };
}

/** Numeric columns of the person that a manager could change in a what-if (the model's inputs). */
function numericDrivers(d: ShapExplanationData, table: Table): string[] {
  return d.importance
    .map((x) => x.feature)
    .filter((f) => {
      const c = table.columns.find((col) => col.name === f);
      return c !== undefined && (c.type === 'number' || c.type === 'integer');
    });
}

function WhatIf({ d, model, table, row }: { d: ShapExplanationData; model: Model; table: Table; row: RiskRow }) {
  const features = useMemo(() => numericDrivers(d, table), [d, table]);
  const [feature, setFeature] = useState(features[0] ?? '');
  const g = d.features.indexOf(feature);
  const current = g >= 0 ? slotValue(d, row.row, g) : null;
  const [value, setValue] = useState<string>(typeof current === 'number' ? String(current) : '');
  const result = useMemo((): ScoredRow | { error: string } | undefined => {
    const x = Number(value);
    if (!feature || value.trim() === '' || !Number.isFinite(x)) return undefined;
    try {
      const one = takeRows(table, [row.row]);
      const col = one.columns.find((c) => c.name === feature);
      if (!col || col.type === 'category' || col.type === 'text') return undefined;
      return scoreWithDrivers(model, withColumns(one, [{ ...col, values: Float64Array.from([x]) }]))[0];
    } catch (e) {
      return { error: (e as Error).message };
    }
  }, [model, table, row, feature, value]);
  if (features.length === 0) return <p className="cf-muted">No numeric driver to change.</p>;
  return (
    <section className="cf-whatif" aria-label="What-if" data-testid="manager-whatif">
      <h4>What if…</h4>
      <label>
        <select
          value={feature}
          onChange={(e) => {
            setFeature(e.target.value);
            const v = slotValue(d, row.row, d.features.indexOf(e.target.value));
            setValue(typeof v === 'number' ? String(v) : '');
          }}
        >
          {features.map((f) => (
            <option key={f} value={f} title={f}>
              {featureLabel(f)}
            </option>
          ))}
        </select>{' '}
        were{' '}
        <input type="number" step="any" value={value} onChange={(e) => setValue(e.target.value)} aria-label={`New value of ${featureLabel(feature)}`} data-testid="manager-whatif-value" />
      </label>
      {result && 'error' in result && <p className="cf-error">{result.error}</p>}
      {result && !('error' in result) && (
        <p data-testid="manager-whatif-result">
          Risk {pct(row.score)} → <strong>{pct(result.score)}</strong> ({result.score >= row.score ? '+' : '−'}
          {Math.abs(Math.round((result.score - row.score) * 100))} points). Top drivers then: {result.drivers.map((x) => x.text).join('; ') || '—'}.
        </p>
      )}
      <p className="cf-muted">The model’s view of a change, not a promise: people are more than their data.</p>
    </section>
  );
}

/**
 * Read-only page for managers and HR business partners: people by flight risk with the top drivers in
 * plain language, a what-if for one person (needs the model and the explained rows), and a CSV export
 * of scores and drivers for Power BI or Tableau.
 */
export function ManagerView({ explanation, model, table, title = 'Flight risk' }: { explanation: Document; model?: Model; table?: Table; title?: string }) {
  const d = isShapExplanation(explanation) ? explanation.data : undefined;
  const list = useMemo(() => (d ? riskList(d, 3) : []), [d]);
  const [query, setQuery] = useState('');
  const [selected, setSelected] = useState<number | null>(null);
  const [limit, setLimit] = useState(50);
  if (!d) return <p className="cf-muted">Connect an Explain (SHAP) result to see people by risk.</p>;
  const shown = list.filter((r) => r.id.toLowerCase().includes(query.trim().toLowerCase()));
  const person = selected === null ? undefined : list.find((r) => r.row === selected);
  const exportCsv = () => {
    const csv = tableToCsv(riskTable(list, 3));
    saveBlob(new Blob([csv], { type: 'text/csv;charset=utf-8' }), 'risk-scores.csv');
  };
  return (
    <div className="cf-manager-view" data-testid="manager-view">
      <header className="cf-manager-header">
        <h2>{title}</h2>
        <p className="cf-muted">
          {list.length.toLocaleString('en-US')} people, highest risk first. Drivers are what pushed each score up in the model; use them
          to start a conversation, not to decide.
        </p>
        <input type="search" placeholder="Find a person" value={query} onChange={(e) => setQuery(e.target.value)} aria-label="Find a person" />{' '}
        <button type="button" className="cf-btn" onClick={exportCsv} data-testid="manager-export">
          Export scores and drivers (CSV)
        </button>
      </header>
      <div className={person ? 'cf-manager-body cf-manager-with-person' : 'cf-manager-body'}>
        <div className="cf-manager-list">
          <table className="cf-manager-table">
            <thead>
              <tr>
                <th scope="col">Person</th>
                <th scope="col">Risk</th>
                <th scope="col">Main reasons</th>
              </tr>
            </thead>
            <tbody>
              {shown.slice(0, limit).map((r) => {
                const b = band(r.score);
                return (
                  <tr key={r.row} aria-selected={selected === r.row} onClick={() => setSelected(r.row)} className={selected === r.row ? 'cf-selected' : undefined}>
                    <td>
                      <button type="button" className="cf-link" onClick={() => setSelected(r.row)}>
                        {r.id}
                      </button>
                    </td>
                    <td>
                      <span className={b.cls}>{b.label}</span> {pct(r.score)}
                    </td>
                    <td>{r.drivers.map((x) => x.text).join('; ')}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {shown.length > limit && (
            <button type="button" className="cf-btn" onClick={() => setLimit((l) => l + 100)}>
              Show more ({(shown.length - limit).toLocaleString('en-US')} left)
            </button>
          )}
        </div>
        {person && (
          <aside className="cf-manager-person" aria-label={`Details for ${person.id}`} data-testid="manager-person">
            <h3>
              {person.id}: {pct(person.score)} risk
            </h3>
            <ul>
              {person.drivers.map((x) => (
                <li key={x.feature}>
                  {x.direction === 'raises' ? '▲' : '▼'} {x.text}
                </li>
              ))}
            </ul>
            {model && table ? <WhatIf key={person.row} d={d} model={model} table={table} row={person} /> : <p className="cf-muted">Connect the model to try a what-if.</p>}
          </aside>
        )}
      </div>
    </div>
  );
}
