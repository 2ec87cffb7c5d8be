/**
 * The review queue: a reviewer accepts or overrides each recommendation (overrides need a reason),
 * optionally writing their own assessment before the score is shown; four-eyes mode; override rates per
 * reviewer and per group; a stop control; the audit log (verify, export, retention).
 *
 * A decision is shown as saved only after its IndexedDB transaction (decision + audit entry) committed.
 * Other tabs' decisions arrive over a BroadcastChannel and refresh the list.
 *
 * Wiring (the app): render it for a waiting review node with the node's request (RunResult.waiting) and
 * resume the run with `onComplete`'s decisions: runner.run(doc, { decisions: { [nodeId]: decisions } }).
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ReviewDecisions, ReviewHalt, ReviewItem, ReviewRequest } from '../../../nodes/human-review/types.ts';
import { describeVerifyResult, type VerifyResult } from '../../governance/audit/chain.ts';
import { MIN_RETENTION_DAYS, DEFAULT_RETENTION_DAYS } from '../../governance/audit/chain.ts';
import { openCrispflowDb, type CrispflowDatabase, type StoredReviewDecision } from '../persistence/db.ts';
import { saveBlob } from '../results/download.ts';
import { exportAuditCsv, exportAuditJsonLines, getRetentionDays, pruneAuditDb, setRetentionDays, verifyAuditDb } from './audit-db.ts';
import {
  decisionsForRun,
  getHalt,
  haltPipeline,
  listDecisions,
  listOpenQueues,
  markQueueDone,
  onReviewMessages,
  openQueue,
  releasePipeline,
  reviewRates,
  statesByItem,
  submitDecision,
  type ItemState,
} from './review-store.ts';
import './review.css';

export interface ReviewQueueProps {
  pipelineId: string;
  pipelineName: string;
  /** The waiting node's request (RunResult.waiting[nodeId]); omitted: the newest open queue saved for this pipeline. */
  request?: ReviewRequest;
  /** Every item is decided: resume the run with these decisions for `request.nodeId`. */
  onComplete?(decisions: ReviewDecisions): void;
  /** The pipeline was stopped or released (halt undefined). */
  onHaltChange?(halt: ReviewHalt | undefined): void;
  /** Test hook: another database name. */
  dbName?: string;
}

const REVIEWER_KEY = 'crispflow.reviewer';
const PAGE = 25;

const pct = (v: number | null | undefined) => (v === null || v === undefined || !Number.isFinite(v) ? '—' : `${(v * 100).toFixed(0)}%`);

export function ReviewQueue(props: ReviewQueueProps) {
  const [saved, setSaved] = useState<ReviewRequest | null>();
  useEffect(() => {
    if (props.request) return;
    let live = true;
    void openCrispflowDb(props.dbName)
      .then((db) => listOpenQueues(db, props.pipelineId))
      .then((qs) => live && setSaved((qs[0]?.request as ReviewRequest | undefined) ?? null));
    return () => {
      live = false;
    };
  }, [props.request, props.dbName, props.pipelineId]);
  const request = props.request ?? saved;
  if (!request) {
    return (
      <section className="cf-review" aria-label="Review queue" data-testid="review-queue-empty">
        <p className="cf-muted">{saved === null ? 'Nothing is waiting for review. Run a pipeline with a Human review node.' : 'Loading…'}</p>
      </section>
    );
  }
  return <ReviewQueueFor {...props} request={request} />;
}

function ReviewQueueFor({ pipelineId, pipelineName, request, onComplete, onHaltChange, dbName }: ReviewQueueProps & { request: ReviewRequest }) {
  const [db, setDb] = useState<CrispflowDatabase>();
  const [queueId, setQueueId] = useState<string>();
  const [records, setRecords] = useState<StoredReviewDecision[]>([]);
  const [halt, setHalt] = useState<ReviewHalt>();
  const [reviewer, setReviewer] = useState(() => (typeof localStorage !== 'undefined' ? (localStorage.getItem(REVIEWER_KEY) ?? '') : ''));
  const [filter, setFilter] = useState<'todo' | 'all'>('todo');
  const [shown, setShown] = useState(PAGE);
  const [error, setError] = useState<string>();
  // Items decided in this session stay in the "to review" list, so their "Saved." confirmation shows.
  const [recent, setRecent] = useState<ReadonlySet<string>>(new Set());

  useEffect(() => {
    let live = true;
    void (async () => {
      const d = await openCrispflowDb(dbName);
      const q = await openQueue(d, pipelineId, request);
      if (!live) return;
      setDb(d);
      setQueueId(q.id);
      setRecords(await listDecisions(d, q.id));
      setHalt(await getHalt(d, pipelineId));
    })().catch((e: Error) => setError(e.message));
    return () => {
      live = false;
    };
  }, [dbName, pipelineId, request]);

  const refresh = useCallback(async () => {
    if (!db || !queueId) return;
    setRecords(await listDecisions(db, queueId));
    setHalt(await getHalt(db, pipelineId));
  }, [db, queueId, pipelineId]);

  useEffect(
    () =>
      onReviewMessages((m) => {
        if ((m.type === 'decided' && m.queueId === queueId) || (m.type === 'halt' && m.pipelineId === pipelineId)) void refresh();
      }),
    [queueId, pipelineId, refresh],
  );

  const states = useMemo(() => statesByItem(request, records), [request, records]);
  const rates = useMemo(() => reviewRates(request, records), [request, records]);
  const decided = [...states.values()].filter((s) => s.status === 'decided').length;
  const complete = decisionsForRun(request, records);
  const me = reviewer.trim().toLowerCase();
  const todo = (item: ReviewItem) => {
    const s = states.get(item.itemId)!;
    return s.status !== 'decided' && !s.records.some((r) => r.reviewer.toLowerCase() === me);
  };
  const visible = request.items.filter((i) => filter === 'all' || todo(i) || recent.has(i.itemId));

  const setName = (name: string) => {
    setReviewer(name);
    try {
      localStorage.setItem(REVIEWER_KEY, name);
    } catch {
      /* private mode */
    }
  };

  return (
    <section className="cf-review" aria-label="Review queue" data-testid="review-queue">
      <header className="cf-review-head">
        <div>
          <h2>Review queue</h2>
          <p className="cf-muted">
            {decided} of {request.items.length} decided
            {request.fourEyes ? ' · four-eyes: two reviewers must agree' : ''}
            {request.hideScore ? ' · scores hidden until you write your assessment' : ''}
          </p>
        </div>
        <label className="cf-field cf-review-name">
          <span className="cf-field-label">Your name (reviewer)</span>
          <input value={reviewer} onChange={(e) => setName(e.target.value)} placeholder="e.g. Ana Silva" data-testid="reviewer-name" />
        </label>
      </header>

      {error && (
        <p role="alert" className="cf-review-error">
          {error}
        </p>
      )}
      <StopControl
        halt={halt}
        reviewer={reviewer}
        onStop={async (reason) => {
          if (!db) return;
          const h = await haltPipeline(db, { pipelineId, pipelineName, by: reviewer, reason });
          setHalt(h);
          onHaltChange?.(h);
        }}
        onRelease={async (reason) => {
          if (!db) return;
          await releasePipeline(db, { pipelineId, pipelineName, by: reviewer, reason });
          setHalt(undefined);
          onHaltChange?.(undefined);
        }}
      />

      {request.fairness && <FairnessContextView request={request} />}

      {complete && !halt && (
        <div className="cf-review-complete" role="status">
          Every item is decided.
          <button
            type="button"
            className="cf-btn cf-btn-primary"
            onClick={() => {
              if (db && queueId) void markQueueDone(db, queueId);
              onComplete?.(complete);
            }}
            data-testid="review-continue"
          >
            Continue the run with these decisions
          </button>
        </div>
      )}

      <div className="cf-review-filter" role="radiogroup" aria-label="Show">
        <label>
          <input type="radio" checked={filter === 'todo'} onChange={() => setFilter('todo')} /> To review ({request.items.filter(todo).length})
        </label>
        <label>
          <input type="radio" checked={filter === 'all'} onChange={() => setFilter('all')} /> All ({request.items.length})
        </label>
      </div>

      <ol className="cf-review-list">
        {visible.slice(0, shown).map((item) => (
          <ReviewItemCard
            key={item.itemId}
            item={item}
            state={states.get(item.itemId)!}
            request={request}
            reviewer={reviewer}
            disabled={Boolean(halt) || !db || !queueId}
            onSubmit={async (decision, reason, assessment) => {
              await submitDecision(db!, { queueId: queueId!, pipelineName, request, item, reviewer, decision, reason, assessment });
              setRecent((r) => new Set(r).add(item.itemId));
              await refresh();
            }}
            onConflict={refresh}
          />
        ))}
      </ol>
      {visible.length > shown && (
        <button type="button" className="cf-btn" onClick={() => setShown((n) => n + PAGE)}>
          Show more ({visible.length - shown} left)
        </button>
      )}
      {visible.length === 0 && <p className="cf-muted">Nothing left for you to review here.</p>}

      <RatesView title="Override rate per reviewer" rows={rates.perReviewer} testId="rates-reviewer" />
      <RatesView title={`Override rate per group${request.groupColumn ? ` (${request.groupColumn})` : ''}`} rows={rates.perGroup} testId="rates-group" />
      {db && <AuditPanel db={db} />}
    </section>
  );
}

function ReviewItemCard(props: {
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

function FairnessContextView({ request }: { request: ReviewRequest }) {
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

function RatesView({ title, rows, testId }: { title: string; rows: Array<{ key: string; decided: number; overridden: number; overrideRate: number }>; testId: string }) {
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

function StopControl(props: { halt?: ReviewHalt; reviewer: string; onStop(reason: string): Promise<void>; onRelease(reason: string): Promise<void> }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string>();
  const act = async (f: (r: string) => Promise<void>) => {
    setError(undefined);
    try {
      await f(reason);
      setOpen(false);
      setReason('');
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <div className={`cf-review-stop${props.halt ? ' cf-review-halted' : ''}`}>
      {props.halt ? (
        <p role="alert" data-testid="halted">
          Stopped by {props.halt.by} on {new Date(props.halt.at).toLocaleString()}: {props.halt.reason}. No decision can be made and the pipeline must not be used.
        </p>
      ) : null}
      {!open ? (
        <button type="button" className={props.halt ? 'cf-btn' : 'cf-btn cf-btn-danger'} onClick={() => setOpen(true)} data-testid={props.halt ? 'release-open' : 'stop-open'}>
          {props.halt ? 'Release the pipeline…' : 'Stop using this pipeline…'}
        </button>
      ) : (
        <div className="cf-review-stop-form">
          <label className="cf-field">
            <span className="cf-field-label">{props.halt ? 'Why may it be used again?' : 'Why must it stop?'}</span>
            <input value={reason} onChange={(e) => setReason(e.target.value)} data-testid="stop-reason" />
          </label>
          <button
            type="button"
            className={props.halt ? 'cf-btn cf-btn-primary' : 'cf-btn cf-btn-danger'}
            disabled={!reason.trim() || !props.reviewer.trim()}
            onClick={() => void act(props.halt ? props.onRelease : props.onStop)}
            data-testid="stop-confirm"
          >
            {props.halt ? 'Release' : 'Stop'}
          </button>
          <button type="button" className="cf-btn cf-btn-quiet" onClick={() => setOpen(false)}>
            Cancel
          </button>
        </div>
      )}
      {error && (
        <p role="alert" className="cf-review-error">
          {error}
        </p>
      )}
    </div>
  );
}

function AuditPanel({ db }: { db: CrispflowDatabase }) {
  const [result, setResult] = useState<VerifyResult>();
  const [days, setDays] = useState<number>(DEFAULT_RETENTION_DAYS);
  const [note, setNote] = useState<string>();
  useEffect(() => {
    void getRetentionDays(db).then((d) => d && setDays(d));
  }, [db]);
  const stamp = () => new Date().toISOString().slice(0, 10);
  return (
    <details className="cf-review-audit">
      <summary>Audit log</summary>
      <div className="cf-review-buttons">
        <button type="button" className="cf-btn" onClick={() => void verifyAuditDb(db).then(setResult)} data-testid="audit-verify">
          Verify
        </button>
        <button type="button" className="cf-btn" onClick={() => void exportAuditJsonLines(db).then((t) => saveBlob(new Blob([t], { type: 'application/x-ndjson' }), `crispflow-audit-${stamp()}.jsonl`))}>
          Export JSON Lines
        </button>
        <button type="button" className="cf-btn" onClick={() => void exportAuditCsv(db).then((t) => saveBlob(new Blob([t], { type: 'text/csv' }), `crispflow-audit-${stamp()}.csv`))}>
          Export CSV
        </button>
      </div>
      {result && (
        <p role="status" data-testid="audit-result" className={result.ok && result.authenticated ? 'cf-review-saved' : 'cf-review-error'}>
          {describeVerifyResult(result)}
        </p>
      )}
      <label className="cf-field">
        <span className="cf-field-label">Keep entries for (days, at least {MIN_RETENTION_DAYS})</span>
        <input type="number" min={MIN_RETENTION_DAYS} value={days} onChange={(e) => setDays(Number(e.target.value))} />
      </label>
      <button
        type="button"
        className="cf-btn"
        onClick={async () => {
          if (!(days >= MIN_RETENTION_DAYS)) {
            setNote(`Audit records must be kept at least ${MIN_RETENTION_DAYS} days.`);
            return;
          }
          await setRetentionDays(db, days);
          const removed = await pruneAuditDb(db).catch((e: Error) => {
            setNote(e.message);
            return -1;
          });
          if (removed >= 0) setNote(removed ? `Saved; ${removed} old entries removed (a checkpoint records it).` : 'Saved; nothing is old enough to remove.');
        }}
      >
        Apply retention
      </button>
      {note && <p className="cf-muted">{note}</p>}
    </details>
  );
}
