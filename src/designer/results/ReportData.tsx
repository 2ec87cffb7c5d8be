import { JsonTree } from './JsonTree.tsx';
import { formatNumber } from './format.ts';
import { metricLabel } from './metric-labels.ts';

/**
 * A report's data as a person reads it: plain values as labelled lines (numbers rounded), lists of
 * records as tables, nested records as sub-sections. Only shapes deeper than that fall back to the tree.
 */

type Scalar = string | number | boolean | null;
const isScalar = (v: unknown): v is Scalar => v === null || ['string', 'number', 'boolean'].includes(typeof v);
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && !ArrayBuffer.isView(v);

/** Numbers to four significant figures at most; the reports are estimates. */
function show(v: Scalar): string {
  if (v === null) return '—';
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (typeof v === 'number') return Number.isInteger(v) ? formatNumber(v) : formatNumber(Number(v.toPrecision(4)));
  return v;
}

function RecordsTable({ name, rows }: { name: string; rows: Array<Record<string, unknown>> }) {
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  return (
    <table className="cf-kv" data-testid="report-table">
      <caption>{metricLabel(name)}</caption>
      <thead>
        <tr>
          {keys.map((k) => (
            <th scope="col" key={k}>
              {metricLabel(k)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r, i) => (
          <tr key={i}>
            {keys.map((k) => {
              const v = r[k];
              return <td key={k}>{isScalar(v) ? show(v) : Array.isArray(v) && v.every(isScalar) ? v.map(show).join(', ') : '…'}</td>;
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ReportData({ data, depth = 0 }: { data: Record<string, unknown>; depth?: number }) {
  const entries = Object.entries(data);
  const plain = entries.filter(([, v]) => isScalar(v) || (Array.isArray(v) && v.length <= 50 && v.every(isScalar)));
  const tables = entries.filter(([, v]) => Array.isArray(v) && v.length > 0 && v.every(isRecord)) as Array<[string, Array<Record<string, unknown>>]>;
  const sections = entries.filter(([, v]) => isRecord(v));
  const rest = entries.filter(([k]) => !plain.some((e) => e[0] === k) && !tables.some((e) => e[0] === k) && !sections.some((e) => e[0] === k));
  const Heading = depth === 0 ? 'h4' : 'h5';
  return (
    <>
      {plain.length > 0 && (
        <dl>
          {plain.map(([k, v]) => (
            <div key={k} style={{ display: 'contents' }}>
              <dt>{metricLabel(k)}</dt>
              <dd>{Array.isArray(v) ? (v.length ? (v as Scalar[]).map(show).join(', ') : '—') : show(v as Scalar)}</dd>
            </div>
          ))}
        </dl>
      )}
      {tables.map(([k, rows]) => (
        <RecordsTable key={k} name={k} rows={rows} />
      ))}
      {sections.map(([k, v]) =>
        depth < 2 ? (
          <section key={k}>
            <Heading>{metricLabel(k)}</Heading>
            <ReportData data={v as Record<string, unknown>} depth={depth + 1} />
          </section>
        ) : (
          <JsonTree key={k} value={v} label={metricLabel(k)} />
        ),
      )}
      {rest.length > 0 && (
        <details>
          <summary>More detail</summary>
          <JsonTree value={Object.fromEntries(rest)} />
        </details>
      )}
    </>
  );
}
