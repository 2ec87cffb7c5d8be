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
 *
 * Parts: one item (ReviewItemCard.tsx), the fairness context and override rates (FairnessContext.tsx),
 * the stop control (StopControl.tsx) and the audit log panel (AuditPanel.tsx); long queues open full-screen
 * in review mode (ReviewMode.tsx: filters, keyboard flow, bulk decisions with four-eyes).
 */
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ReviewDecisions, ReviewHalt, ReviewItem, ReviewRequest } from '../../../nodes/human-review/types.ts';
import { openCrispflowDb, type CrispflowDatabase, type StoredReviewDecision } from '../persistence/db.ts';
import { AuditPanel } from './AuditPanel.tsx';
import { FairnessContextView, RatesView } from './FairnessContext.tsx';
import { ReviewItemCard } from './ReviewItemCard.tsx';
import { StopControl } from './StopControl.tsx';
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
} from './review-store.ts';
import './review.css';

// Full-screen review mode for long queues (loaded when opened).
const ReviewMode = lazy(() => import('./ReviewMode.tsx').then((m) => ({ default: m.ReviewMode })));

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
  /** The table the review node read (its items' `row` index it): review mode shows each person's values. */
  cases?: unknown;
}

const REVIEWER_KEY = 'crispflow.reviewer';
const PAGE = 25;

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

function ReviewQueueFor({ pipelineId, pipelineName, request, onComplete, onHaltChange, dbName, cases }: ReviewQueueProps & { request: ReviewRequest }) {
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
  const [modeOpen, setModeOpen] = useState(false);
  const modeButton = useRef<HTMLButtonElement>(null);

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
        <button ref={modeButton} type="button" className="cf-btn" onClick={() => setModeOpen(true)} data-testid="review-mode-open">
          Review mode (full screen)
        </button>
      </header>
      {modeOpen && (
        <Suspense fallback={<p className="cf-muted">Opening review mode…</p>}>
          <ReviewMode
            request={request}
            states={states}
            db={db}
            queueId={queueId}
            pipelineName={pipelineName}
            reviewer={reviewer}
            onReviewerChange={setName}
            halted={Boolean(halt)}
            complete={Boolean(complete)}
            onContinue={() => {
              if (!complete) return;
              if (db && queueId) void markQueueDone(db, queueId);
              onComplete?.(complete);
            }}
            onRecorded={refresh}
            onClose={() => {
              setModeOpen(false);
              modeButton.current?.focus();
            }}
            cases={cases}
          />
        </Suspense>
      )}

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
