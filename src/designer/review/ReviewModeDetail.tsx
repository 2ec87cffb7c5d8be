/**
 * Review mode's detail pane: the current case (score, suggestion, group, the decisions on record),
 * the reviewer's assessment when scores are hidden, the explanation's drivers, the person's row and
 * the fairness context of their group; the accept / override / undo actions with the override's
 * inline reason (Enter confirms, Escape cancels).
 */
import { useEffect, useRef } from 'react';
import type { ReviewRequest } from '../../../nodes/human-review/types.ts';
import type { CaseFeature } from './review-mode-features.ts';
import type { CaseRow } from './review-mode-state.ts';
import type { ItemState } from './review-store.ts';

const pct = (v: number | null) => (v === null || !Number.isFinite(v) ? '—' : `${(v * 100).toFixed(0)}%`);

export interface DetailProps {
  request: ReviewRequest;
  row: CaseRow | undefined;
  state: ItemState | undefined;
  features: CaseFeature[] | undefined;
  scoreShown: boolean;
  assessment: string;
  onAssessment(text: string): void;
  onShowScore(): void;
  canDecide: boolean;
  overriding: boolean;
  reason: string;
  onReason(text: string): void;
  onAccept(): void;
  onStartOverride(): void;
  onConfirmOverride(): void;
  onCancelOverride(): void;
  onUndo(): void;
  busy: boolean;
}

export function ReviewModeDetail(p: DetailProps) {
  const reasonRef = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (p.overriding) reasonRef.current?.focus();
  }, [p.overriding]);
  if (!p.row) {
    return (
      <section className="cf-rm-detail" aria-label="Current case" data-testid="review-mode-detail">
        <p className="cf-muted">No case matches the filters.</p>
      </section>
    );
  }
  const { item } = p.row;
  const records = p.state?.records ?? [];
  const fairness = p.request.fairness;
  const myGroup = fairness?.groups.find((g) => g.group === item.group);
  const needsAssessment = p.request.hideScore && !p.scoreShown;
  return (
    <section className="cf-rm-detail" aria-labelledby="cf-rm-detail-h" data-testid="review-mode-detail" data-item-id={item.itemId}>
      <h3 id="cf-rm-detail-h">
        {p.request.itemColumn || 'Row'} {item.itemId}
      </h3>
      <dl className="cf-rm-facts">
        <dt>Model suggests</dt>
        <dd className={`cf-review-rec-${item.recommendation}`}>{item.recommendation === 'recommend' ? 'Recommend' : 'Do not recommend'}</dd>
        <dt>Score</dt>
        <dd data-testid="review-mode-score">{p.scoreShown ? `${item.score.toFixed(3)} (threshold ${p.request.threshold})` : 'hidden until you write your assessment'}</dd>
        {item.group !== undefined && (
          <>
            <dt>{p.request.groupColumn ?? 'Group'}</dt>
            <dd>{item.group}</dd>
          </>
        )}
        <dt>Status</dt>
        <dd data-testid="review-mode-status">{p.row.status === 'needs-second' ? 'one of two reviews done' : p.row.status}</dd>
      </dl>

      {records.length > 0 && (
        <ul className="cf-rm-records" aria-label="Decisions on record" data-testid="review-mode-records">
          {records.map((r) => (
            <li key={r.round}>
              {r.decision === 'accept' ? 'Accepted' : 'Overridden'} by {r.reviewer}
              {r.confirmedBy ? `, confirmed by ${r.confirmedBy}` : ''}
              {r.bulkId ? ' (bulk decision)' : ''}
              {r.reason ? `: “${r.reason}”` : ''}
            </li>
          ))}
        </ul>
      )}

      {needsAssessment && (
        <div className="cf-rm-assess">
          <label className="cf-field">
            <span className="cf-field-label">Your assessment (before seeing the score)</span>
            <textarea value={p.assessment} onChange={(e) => p.onAssessment(e.target.value)} rows={2} data-testid="review-mode-assessment" />
          </label>
          <button type="button" className="cf-btn" disabled={!p.assessment.trim()} onClick={p.onShowScore}>
            Show the model’s score
          </button>
        </div>
      )}

      <div className="cf-rm-actions">
        {!p.overriding ? (
          <>
            <button type="button" className="cf-btn cf-btn-primary" disabled={!p.canDecide || p.busy || needsAssessment} onClick={p.onAccept} aria-keyshortcuts="a" data-testid="review-mode-accept">
              Accept <kbd>a</kbd>
            </button>
            <button type="button" className="cf-btn" disabled={!p.canDecide || p.busy || needsAssessment} onClick={p.onStartOverride} aria-keyshortcuts="o" data-testid="review-mode-override">
              Override… <kbd>o</kbd>
            </button>
            <button type="button" className="cf-btn cf-btn-quiet" disabled={records.length === 0 || p.busy} onClick={p.onUndo} aria-keyshortcuts="u" data-testid="review-mode-undo">
              Undo my last decision <kbd>u</kbd>
            </button>
          </>
        ) : (
          <form
            className="cf-rm-override"
            onSubmit={(e) => {
              e.preventDefault();
              p.onConfirmOverride();
            }}
          >
            <label className="cf-field">
              <span className="cf-field-label">
                Reason for overriding to “{item.recommendation === 'recommend' ? 'do not recommend' : 'recommend'}” (required)
              </span>
              <input
                ref={reasonRef}
                value={p.reason}
                onChange={(e) => p.onReason(e.target.value)}
                onKeyDown={(e) => {
                  if (e.key === 'Escape') {
                    e.preventDefault();
                    e.stopPropagation();
                    p.onCancelOverride();
                  }
                }}
                aria-required="true"
                data-testid="review-mode-reason"
              />
            </label>
            <button type="submit" className="cf-btn cf-btn-primary" disabled={p.busy} data-testid="review-mode-confirm-override">
              Confirm override <kbd>Enter</kbd>
            </button>
            <button type="button" className="cf-btn cf-btn-quiet" onClick={p.onCancelOverride}>
              Cancel <kbd>Esc</kbd>
            </button>
          </form>
        )}
      </div>

      {p.scoreShown && item.drivers && item.drivers.length > 0 && (
        <>
          <h4>Why the model scored this way</h4>
          <ul className="cf-review-drivers" aria-label="Main reasons behind the score" data-testid="review-mode-drivers">
            {item.drivers.map((d) => (
              <li key={d.feature}>
                {d.feature}: {d.contribution >= 0 ? 'raises' : 'lowers'} the score ({d.contribution >= 0 ? '+' : ''}
                {d.contribution.toFixed(3)})
              </li>
            ))}
          </ul>
        </>
      )}

      <h4>The person’s data</h4>
      {p.features ? (
        <table className="cf-review-table cf-rm-features" data-testid="review-mode-features">
          <caption className="cf-visually-hidden">Values of case {item.itemId}</caption>
          <tbody>
            {p.features.map((f) => (
              <tr key={f.name}>
                <th scope="row">{f.name}</th>
                <td>{f.value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="cf-muted">The run’s data is not in memory (the page was reloaded): run the pipeline again to see each person’s values here.</p>
      )}

      {fairness && (
        <>
          <h4>Fairness context</h4>
          <p className="cf-muted" data-testid="review-mode-fairness">
            {fairness.attribute}: disparate impact {fairness.disparateImpact === null ? '—' : fairness.disparateImpact.toFixed(2)}
            {fairness.disparateImpact !== null && fairness.disparateImpact < 0.8 ? ' (below the four-fifths rule)' : ''}.
            {myGroup ? ` The model selects ${pct(myGroup.selectionRate)} of group “${myGroup.group}” (${myGroup.n} people)` : ''}
            {myGroup && fairness.groups.length > 1
              ? `; other groups: ${fairness.groups
                  .filter((g) => g !== myGroup)
                  .map((g) => `“${g.group}” ${pct(g.selectionRate)}`)
                  .join(', ')}.`
              : ''}
          </p>
        </>
      )}
    </section>
  );
}
