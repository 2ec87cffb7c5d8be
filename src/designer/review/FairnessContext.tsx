/** What a reviewer sees beside the queue: the fairness report the run produced and the override rates per reviewer and per group. */
import type { ReviewRequest } from '../../../nodes/human-review/types.ts';

const pct = (v: number | null | undefined) => (v === null || v === undefined || !Number.isFinite(v) ? '—' : `${(v * 100).toFixed(0)}%`);

export function FairnessContextView({ request }: { request: ReviewRequest }) {
  const f = request.fairness!;
  return (
    <details className="cf-review-fairness" open>
      <summary>
        Fairness context: {f.attribute} — disparate impact {f.disparateImpact === null ? '—' : f.disparateImpact.toFixed(2)}
        {f.disparateImpact !== null && f.disparateImpact < 0.8 ? ' (below the four-fifths rule)' : ''}
      </summary>
      <table className="cf-review-table">
        <thead>
          <tr>
            <th scope="col">Group</th>
            <th scope="col">People</th>
            <th scope="col">Model selection rate</th>
          </tr>
        </thead>
        <tbody>
          {f.groups.map((g) => (
            <tr key={g.group}>
              <td>{g.group}</td>
              <td>{g.n}</td>
              <td>{pct(g.selectionRate)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {f.warnings.map((w) => (
        <p key={w} className="cf-muted">
          {w}
        </p>
      ))}
    </details>
  );
}

export function RatesView({ title, rows, testId }: { title: string; rows: Array<{ key: string; decided: number; overridden: number; overrideRate: number }>; testId: string }) {
  if (rows.length === 0) return null;
  return (
    <div className="cf-review-rates">
      <h3>{title}</h3>
      <table className="cf-review-table" data-testid={testId}>
        <thead>
          <tr>
            <th scope="col">Who</th>
            <th scope="col">Decided</th>
            <th scope="col">Overridden</th>
            <th scope="col">Override rate</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key}>
              <td>{r.key}</td>
              <td>{r.decided}</td>
              <td>{r.overridden}</td>
              <td>{pct(r.overrideRate)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
