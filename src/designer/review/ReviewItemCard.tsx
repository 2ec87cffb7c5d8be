/** One item of the review queue: the recommendation, the reviewer's own assessment first (optional), the decision and its reason. */
import { useState } from 'react';
import type { ReviewItem, ReviewRequest } from '../../../nodes/human-review/types.ts';
import type { ItemState } from './review-store.ts';

export function ReviewItemCard(props: {
  item: ReviewItem;
  state: ItemState;
  request: ReviewRequest;
  reviewer: string;
  disabled: boolean;
  onSubmit(decision: 'accept' | 'override', reason: string, assessment?: string): Promise<void>;
  onConflict(): void;
}) {
  const { item, state, request } = props;
  const [assessment, setAssessment] = useState('');
  const [assessed, setAssessed] = useState(!request.hideScore);
  const [overriding, setOverriding] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string }>();
  const mine = state.records.find((r) => r.reviewer.toLowerCase() === props.reviewer.trim().toLowerCase());
  const decidedHere = state.status === 'decided';
  // Once decided (or once this reviewer has given their view), the score no longer biases anyone.
  const showScore = assessed || decidedHere || Boolean(mine);

  const submit = async (decision: 'accept' | 'override') => {
    setBusy(true);
    setMessage(undefined);
    try {
      await props.onSubmit(decision, reason, request.hideScore ? assessment : undefined);
      // Only now — after the transaction committed — is the decision confirmed.
      setMessage({ kind: 'ok', text: 'Saved.' });
      setOverriding(false);
    } catch (e) {
      setMessage({ kind: 'error', text: (e as Error).message });
      if ((e as Error).name === 'ReviewConflict') props.onConflict();
    } finally {
      setBusy(false);
    }
  };

  const rec = item.recommendation === 'recommend' ? 'Recommend' : 'Do not recommend';
  return (
    <li className={`cf-review-item cf-review-${state.status}`} data-testid="review-item" data-item-id={item.itemId} data-status={state.status}>
      <div className="cf-review-item-head">
        <strong>{request.itemColumn || 'Row'} {item.itemId}</strong>
        {item.group !== undefined && <span className="cf-badge">{item.group}</span>}
        <span className={`cf-review-rec cf-review-rec-${item.recommendation}`}>Model: {rec}</span>
        {showScore ? (
          <span className="cf-review-score" data-testid="review-score">
            score {item.score.toFixed(2)}
          </span>
        ) : (
          <span className="cf-muted" data-testid="score-hidden">
            score hidden until you write your assessment
          </span>
        )}
        <span className="cf-review-status">{statusText(state, request.fourEyes)}</span>
      </div>
      {showScore && item.drivers && item.drivers.length > 0 && (
        <ul className="cf-review-drivers" aria-label="Main reasons behind the score">
          {item.drivers.map((d) => (
            <li key={d.feature}>
              {d.feature}: {d.contribution >= 0 ? 'raises' : 'lowers'} the score ({d.contribution >= 0 ? '+' : ''}
              {d.contribution.toFixed(3)})
            </li>
          ))}
        </ul>
      )}
      {state.status === 'disputed' && (
        <p className="cf-review-dispute">
          Reviewers disagree: {state.records.map((r) => `${r.reviewer} ${r.decision}${r.reason ? ` (“${r.reason}”)` : ''}`).join(' vs ')}. A third reviewer settles it.
        </p>
      )}
      {decidedHere && state.final && (
        <p className="cf-muted" data-testid="review-final">
          Final: {state.final.finalDecision} — {state.final.decision} by {state.records.map((r) => r.reviewer).join(' + ')}
          {state.final.reason ? `: “${state.final.reason}”` : ''}
        </p>
      )}
      {!decidedHere && !mine && (
        <div className="cf-review-actions">
          {request.hideScore && !assessed && (
            <div className="cf-review-assess">
              <label className="cf-field">
                <span className="cf-field-label">Your assessment (before seeing the score)</span>
                <textarea value={assessment} onChange={(e) => setAssessment(e.target.value)} rows={2} data-testid="assessment" />
              </label>
              <button type="button" className="cf-btn" disabled={!assessment.trim()} onClick={() => setAssessed(true)} data-testid="show-score">
                Show the model’s score
              </button>
            </div>
          )}
          {assessed && (
            <>
              {overriding && (
                <label className="cf-field">
                  <span className="cf-field-label">Reason for the override (required)</span>
                  <textarea value={reason} onChange={(e) => setReason(e.target.value)} rows={2} data-testid="override-reason" aria-required="true" />
                </label>
              )}
              <div className="cf-review-buttons">
                {!overriding ? (
                  <>
                    <button type="button" className="cf-btn cf-btn-primary" disabled={props.disabled || busy || !props.reviewer.trim()} onClick={() => void submit('accept')} data-testid="accept">
                      Accept
                    </button>
                    <button type="button" className="cf-btn" disabled={props.disabled || busy || !props.reviewer.trim()} onClick={() => setOverriding(true)} data-testid="override">
                      Override…
                    </button>
                  </>
                ) : (
                  <>
                    <button
                      type="button"
                      className="cf-btn cf-btn-primary"
                      disabled={props.disabled || busy || !reason.trim() || !props.reviewer.trim()}
                      onClick={() => void submit('override')}
                      data-testid="confirm-override"
                    >
                      Override: {item.recommendation === 'recommend' ? 'do not recommend' : 'recommend'}
                    </button>
                    <button type="button" className="cf-btn cf-btn-quiet" onClick={() => setOverriding(false)}>
                      Cancel
                    </button>
                  </>
                )}
                {!props.reviewer.trim() && <span className="cf-muted">Enter your name above to decide.</span>}
              </div>
            </>
          )}
        </div>
      )}
      {mine && !decidedHere && <p className="cf-muted">You decided “{mine.decision}”; waiting for a second reviewer.</p>}
      {message && (
        <p role={message.kind === 'error' ? 'alert' : 'status'} className={message.kind === 'error' ? 'cf-review-error' : 'cf-review-saved'} data-testid="review-message">
          {message.text}
        </p>
      )}
    </li>
  );
}

function statusText(s: ItemState, fourEyes: boolean): string {
  switch (s.status) {
    case 'open':
      return fourEyes ? 'open · 0 of 2 reviews' : 'open';
    case 'needs-second':
      return '1 of 2 reviews';
    case 'disputed':
      return 'disputed';
    case 'decided':
      return 'decided';
  }
}
