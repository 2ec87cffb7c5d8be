/**
 * Review mode: the review queue full-screen, for hundreds of cases. A modal <dialog> (the browser traps
 * focus in it and Escape leaves; focus returns to the button that opened it) with filters, sorting,
 * progress, a virtualised case list (ReviewModeList), the current case's detail (ReviewModeDetail) and
 * bulk decisions (ReviewModeBulk). Keys (outside text fields): j/k or arrows move, a accepts, o
 * overrides (reason inline, Enter confirms), u undoes, x selects, / searches, ? lists the keys.
 *
 * Decisions go through the same store as the queue (review-store.ts / review-mode-store.ts): shown as
 * done only after their IndexedDB transaction with the audit entry committed.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { ReviewRequest } from '../../../nodes/human-review/types.ts';
import type { CrispflowDatabase } from '../persistence/db.ts';
import { ShortcutTable } from '../ui/ShortcutTable.tsx';
import { ReviewModeBulk } from './ReviewModeBulk.tsx';
import { ReviewModeDetail } from './ReviewModeDetail.tsx';
import { ReviewModeList } from './ReviewModeList.tsx';
import { asTable, caseFeatures } from './review-mode-features.ts';
import {
  NO_FILTERS,
  REVIEW_MODE_SHORTCUTS,
  caseRows,
  commandForKey,
  filterProblems,
  groupsOf,
  planBulk,
  progressOf,
  stepFrom,
  toggled,
  visibleCases,
  withRange,
  type BulkAction,
  type BulkPlan,
  type CaseRow,
  type ReviewModeCommand,
  type ReviewModeFilters,
  type SortKey,
} from './review-mode-state.ts';
import { submitBulkDecisions, undoDecision } from './review-mode-store.ts';
import { submitDecision, type ItemState } from './review-store.ts';
import './review.css';

export interface ReviewModeProps {
  request: ReviewRequest;
  states: ReadonlyMap<string, ItemState>;
  db: CrispflowDatabase | undefined;
  queueId: string | undefined;
  pipelineName: string;
  reviewer: string;
  onReviewerChange(name: string): void;
  /** The pipeline was stopped: nothing may be decided until it is released. */
  halted: boolean;
  /** Every case is decided: the run can continue. */
  complete: boolean;
  onContinue(): void;
  /** Something was recorded: re-read the decisions. */
  onRecorded(): Promise<void>;
  onClose(): void;
  /** The table the review node read (item.row indexes it), when the run's outputs are in memory. */
  cases?: unknown;
}

type Message = { kind: 'ok' | 'error'; text: string };

const isEditable = (t: EventTarget | null) => t instanceof HTMLElement && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName));
const parseScore = (s: string): number | null => (s.trim() === '' ? null : Number(s));

export function ReviewMode(props: ReviewModeProps) {
  const { request, states, db, queueId, reviewer } = props;
  const dialogRef = useRef<HTMLDialogElement>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const [filters, setFilters] = useState<ReviewModeFilters>(NO_FILTERS);
  const [scoreText, setScoreText] = useState({ min: '', max: '' });
  const [sort, setSort] = useState<SortKey>('queue');
  const [currentId, setCurrentId] = useState<string | undefined>(request.items[0]?.itemId);
  const [selection, setSelection] = useState<ReadonlySet<string>>(new Set());
  const [anchor, setAnchor] = useState<string>();
  const [overriding, setOverriding] = useState(false);
  const [reason, setReason] = useState('');
  const [assessments, setAssessments] = useState<Record<string, string>>({});
  const [assessed, setAssessed] = useState<ReadonlySet<string>>(new Set());
  const [message, setMessage] = useState<Message>();
  const [busy, setBusy] = useState(false);
  const [helpOpen, setHelpOpen] = useState(false);

  useEffect(() => {
    const d = dialogRef.current;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (d && !d.open) d.showModal();
    listRef.current?.focus();
    return () => {
      d?.close();
      opener?.focus();
    };
  }, []);

  const rows = useMemo(() => caseRows(request, states, reviewer), [request, states, reviewer]);
  const problems = filterProblems(filters);
  const visible = useMemo(
    () => (filterProblems(filters).length ? [] : visibleCases(rows, filters, sort, { scoresHidden: request.hideScore })),
    [rows, filters, sort, request.hideScore],
  );
  const ids = useMemo(() => visible.map((r) => r.item.itemId), [visible]);
  const groups = useMemo(() => groupsOf(request), [request]);
  const progress = useMemo(() => progressOf(states), [states]);
  // The current case stays current while it is listed; otherwise the first listed case is.
  const current = visible.find((r) => r.item.itemId === currentId) ?? visible[0];
  const curId = current?.item.itemId;
  const table = useMemo(() => asTable(props.cases), [props.cases]);
  const features = useMemo(() => (current ? caseFeatures(table, current.item.row) : undefined), [table, current]);

  const scoreShown = useCallback((row: CaseRow) => !request.hideScore || row.status === 'decided' || Boolean(row.mine) || assessed.has(row.item.itemId), [request.hideScore, assessed]);
  const disabled = props.halted || !db || !queueId;

  // Refs so the keyboard handler and the memoised list callbacks stay stable between renders.
  const live = useRef({ ids, curId, anchor });
  live.current = { ids, curId, anchor };

  const move = useCallback((id: string | undefined) => {
    if (id === undefined) return;
    setCurrentId(id);
    setOverriding(false);
    setReason('');
  }, []);

  const onPick = useCallback(
    (id: string, how: { shift: boolean; toggle: boolean }) => {
      const { ids: list, anchor: a } = live.current;
      if (how.shift) setSelection((s) => withRange(s, list, a ?? live.current.curId, id));
      else if (how.toggle) {
        setSelection((s) => toggled(s, id));
        setAnchor(id);
      } else {
        move(id);
        setAnchor(id);
      }
      if (how.shift || !how.toggle) listRef.current?.focus();
    },
    [move],
  );

  const failed = (e: unknown) => setMessage({ kind: 'error', text: (e as Error).message });

  const decide = async (decision: 'accept' | 'override') => {
    if (!current || !db || !queueId) return;
    const i = ids.indexOf(current.item.itemId);
    const next = ids[i + 1] ?? ids[i - 1];
    setBusy(true);
    try {
      await submitDecision(db, {
        queueId,
        pipelineName: props.pipelineName,
        request,
        item: current.item,
        reviewer,
        decision,
        reason: decision === 'override' ? reason : '',
        ...(request.hideScore ? { assessment: assessments[current.item.itemId] ?? '' } : {}),
      });
      setMessage({ kind: 'ok', text: `${decision === 'accept' ? 'Accepted' : 'Overrode'} case ${current.item.itemId}.` });
      // Back to the list before anything else is awaited: the reason field is about to go, and the next key must land.
      listRef.current?.focus();
      setOverriding(false);
      setReason('');
      // Straight on to the next case: the flow of a long queue.
      if (next !== undefined) setCurrentId(next);
      await props.onRecorded();
    } catch (e) {
      failed(e);
      if ((e as Error).name === 'ReviewConflict') await props.onRecorded();
    } finally {
      setBusy(false);
      listRef.current?.focus();
    }
  };

  const whyNot = (): string | null => {
    if (!current) return 'No case is listed.';
    if (props.halted) return 'The pipeline is stopped: release it before deciding.';
    if (!reviewer.trim()) return 'Enter your name as reviewer first (top right): every decision says who made it.';
    if (current.status === 'decided') return `Case ${current.item.itemId} is already decided${current.final ? ` (${current.final.decision} by ${current.final.reviewer})` : ''}. Press u to undo your own decision.`;
    if (current.mine) return `You already reviewed case ${current.item.itemId}; a second reviewer decides.`;
    if (request.hideScore && !scoreShown(current)) return `Write your assessment of case ${current.item.itemId} first; the score is shown after that.`;
    return null;
  };

  const run = (cmd: ReviewModeCommand) => {
    const { ids: list, curId: at } = live.current;
    switch (cmd) {
      case 'next':
      case 'previous':
        move(stepFrom(list, at, cmd === 'next' ? 1 : -1));
        return;
      case 'first':
        move(list[0]);
        return;
      case 'last':
        move(list[list.length - 1]);
        return;
      case 'extend-next':
      case 'extend-previous': {
        const to = stepFrom(list, at, cmd === 'extend-next' ? 1 : -1);
        if (to === undefined || at === undefined) return;
        setSelection((s) => new Set(s).add(at).add(to));
        move(to);
        return;
      }
      case 'toggle-select':
        if (at !== undefined) {
          setSelection((s) => toggled(s, at));
          setAnchor(at);
        }
        return;
      case 'search':
        searchRef.current?.focus();
        searchRef.current?.select();
        return;
      case 'help':
        setHelpOpen(true);
        return;
      case 'accept':
      case 'override': {
        const why = whyNot();
        if (why) return setMessage({ kind: 'error', text: why });
        if (cmd === 'accept') void decide('accept');
        else {
          setMessage(undefined);
          setOverriding(true);
        }
        return;
      }
      case 'undo':
        void undo();
        return;
    }
  };

  const undo = async () => {
    if (!current || !db || !queueId) return;
    setBusy(true);
    try {
      const r = await undoDecision(db, { queueId, pipelineName: props.pipelineName, request, item: current.item, reviewer });
      setMessage({ kind: 'ok', text: `Undid your ${r.decision} of case ${current.item.itemId}.` });
      await props.onRecorded();
    } catch (e) {
      failed(e);
    } finally {
      setBusy(false);
      listRef.current?.focus();
    }
  };

  // A key pressed while the focus fell back to the page (the focused control went away) still counts.
  const runLatest = useRef(run);
  runLatest.current = run;
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.target !== document.body || !dialogRef.current?.open) return;
      const cmd = commandForKey(e);
      if (!cmd) return;
      e.preventDefault();
      listRef.current?.focus();
      runLatest.current(cmd);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const onListKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const cmd = commandForKey(e);
    if (!cmd) return;
    e.preventDefault();
    e.stopPropagation();
    run(cmd);
  };

  // Keys pressed elsewhere in the dialog (a button, the detail pane) work too, but never in text fields.
  const onDialogKey = (e: KeyboardEvent<HTMLDialogElement>) => {
    if (e.defaultPrevented || isEditable(e.target)) return;
    const cmd = commandForKey(e);
    if (!cmd || cmd.startsWith('extend') || ((e.key === 'ArrowDown' || e.key === 'ArrowUp') && e.target !== listRef.current)) return;
    e.preventDefault();
    run(cmd);
  };

  const planFor = (action: BulkAction): BulkPlan => planBulk({ request, states, selected: selection, action, reviewer });
  const submitBulk = async (plan: BulkPlan, bulkReason: string, second: string) => {
    if (!db || !queueId) throw new Error('The review database is not open yet; try again in a moment.');
    try {
      const { records } = await submitBulkDecisions(db, {
        queueId,
        pipelineName: props.pipelineName,
        request,
        items: plan.items,
        action: plan.action,
        reason: bulkReason,
        reviewer,
        ...(second.trim() ? { secondReviewer: second } : {}),
      });
      setMessage({ kind: 'ok', text: `${plan.action === 'accept' ? 'Accepted' : 'Overrode'} ${records.length} cases${second.trim() ? `, confirmed by ${second.trim()}` : ''}.` });
      setSelection(new Set());
      listRef.current?.focus();
    } finally {
      await props.onRecorded();
    }
  };

  const setScore = (which: 'min' | 'max', text: string) => {
    setScoreText((s) => ({ ...s, [which]: text }));
    setFilters((f) => ({ ...f, [which === 'min' ? 'scoreMin' : 'scoreMax']: parseScore(text) }));
  };

  return (
    <dialog
      ref={dialogRef}
      className="cf-review-mode"
      aria-labelledby="cf-rm-title"
      onKeyDown={onDialogKey}
      onCancel={(e) => {
        if (e.target !== e.currentTarget) return;
        // Escape first cancels an override in progress, then leaves review mode.
        if (overriding) {
          e.preventDefault();
          setOverriding(false);
          listRef.current?.focus();
        }
      }}
      onClose={(e) => {
        if (e.target === e.currentTarget) props.onClose();
      }}
      data-testid="review-mode"
    >
      <header className="cf-rm-head">
        <div>
          <h2 id="cf-rm-title">Review mode: {props.pipelineName}</h2>
          <p className="cf-muted">
            {request.fourEyes ? 'Four-eyes: two reviewers must agree on each case. ' : ''}
            {request.hideScore ? 'Scores stay hidden until you write your assessment. ' : ''}
            Press <kbd>?</kbd> for the keys.
          </p>
        </div>
        <div className="cf-rm-progress">
          <span aria-live="polite" data-testid="review-mode-progress">
            {progress.decided} of {progress.total} decided
          </span>
          <div className="cf-rm-bar" role="progressbar" aria-label="Cases decided" aria-valuemin={0} aria-valuemax={progress.total} aria-valuenow={progress.decided}>
            <div style={{ width: `${progress.total ? (100 * progress.decided) / progress.total : 0}%` }} />
          </div>
        </div>
        <label className="cf-field cf-rm-name">
          <span className="cf-field-label">Your name (reviewer)</span>
          <input value={reviewer} onChange={(e) => props.onReviewerChange(e.target.value)} placeholder="e.g. Ana Silva" data-testid="review-mode-reviewer" />
        </label>
        <button type="button" className="cf-btn" onClick={() => setHelpOpen(true)} aria-keyshortcuts="?">
          Keys
        </button>
        <button type="button" className="cf-btn" onClick={() => dialogRef.current?.close()} data-testid="review-mode-close">
          Close <kbd>Esc</kbd>
        </button>
      </header>

      <div className="cf-rm-filters" role="search" aria-label="Filter and sort the cases">
        <label className="cf-field">
          <span className="cf-field-label">Search id</span>
          <input
            ref={searchRef}
            type="search"
            value={filters.search}
            onChange={(e) => setFilters((f) => ({ ...f, search: e.target.value }))}
            onKeyDown={(e) => {
              if (e.key === 'Enter' || e.key === 'ArrowDown') {
                e.preventDefault();
                listRef.current?.focus();
              }
            }}
            aria-keyshortcuts="/"
            data-testid="review-mode-search"
          />
        </label>
        <label className="cf-field">
          <span className="cf-field-label">Model suggests</span>
          <select value={filters.suggested} onChange={(e) => setFilters((f) => ({ ...f, suggested: e.target.value as ReviewModeFilters['suggested'] }))} data-testid="review-mode-filter-suggested">
            <option value="all">Anything</option>
            <option value="recommend">Recommend</option>
            <option value="not-recommend">Do not recommend</option>
          </select>
        </label>
        <label className="cf-field cf-rm-score-input">
          <span className="cf-field-label">Score from</span>
          <input type="number" min={0} max={1} step={0.01} value={scoreText.min} disabled={request.hideScore} onChange={(e) => setScore('min', e.target.value)} data-testid="review-mode-score-min" />
        </label>
        <label className="cf-field cf-rm-score-input">
          <span className="cf-field-label">Score to</span>
          <input type="number" min={0} max={1} step={0.01} value={scoreText.max} disabled={request.hideScore} onChange={(e) => setScore('max', e.target.value)} data-testid="review-mode-score-max" />
        </label>
        {groups.length > 0 && (
          <label className="cf-field">
            <span className="cf-field-label">{request.groupColumn ?? 'Group'}</span>
            <select value={filters.group ?? ''} onChange={(e) => setFilters((f) => ({ ...f, group: e.target.value === '' ? null : e.target.value }))} data-testid="review-mode-filter-group">
              <option value="">Every group</option>
              {groups.map((g) => (
                <option key={g} value={g}>
                  {g}
                </option>
              ))}
            </select>
          </label>
        )}
        <label className="cf-field">
          <span className="cf-field-label">Decided</span>
          <select value={filters.decided} onChange={(e) => setFilters((f) => ({ ...f, decided: e.target.value as ReviewModeFilters['decided'] }))} data-testid="review-mode-filter-decided">
            <option value="all">All cases</option>
            <option value="undecided">Undecided</option>
            <option value="decided">Decided</option>
          </select>
        </label>
        <label className="cf-field">
          <span className="cf-field-label">Sort by</span>
          <select value={sort} onChange={(e) => setSort(e.target.value as SortKey)} data-testid="review-mode-sort">
            <option value="queue">Queue order</option>
            <option value="score-desc" disabled={request.hideScore}>
              Score, highest first
            </option>
            <option value="score-asc" disabled={request.hideScore}>
              Score, lowest first
            </option>
            <option value="id">Id</option>
          </select>
        </label>
        <button
          type="button"
          className="cf-btn cf-btn-quiet"
          onClick={() => {
            setFilters(NO_FILTERS);
            setScoreText({ min: '', max: '' });
          }}
        >
          Clear filters
        </button>
        <span className="cf-muted" role="status" data-testid="review-mode-count">
          {visible.length} of {request.items.length} cases shown
        </span>
      </div>
      {request.hideScore && <p className="cf-muted cf-rm-note">Score filters, score sorting and bulk decisions are off: this queue asks for your own assessment of each person before the score is shown.</p>}
      {problems.map((p) => (
        <p key={p} role="alert" className="cf-review-error">
          {p}
        </p>
      ))}

      <ReviewModeBulk
        selected={selection.size}
        filtered={visible.length}
        onSelectAll={() => setSelection((s) => new Set([...s, ...ids]))}
        onClear={() => setSelection(new Set())}
        plan={planFor}
        reviewer={reviewer}
        disabled={disabled || request.hideScore}
        onSubmit={submitBulk}
      />

      {props.halted && <p className="cf-review-error">The pipeline is stopped: no decisions can be recorded until someone releases it (in the review queue).</p>}
      {message && (
        <p role={message.kind === 'error' ? 'alert' : 'status'} className={message.kind === 'error' ? 'cf-review-error' : 'cf-review-saved'} data-testid="review-mode-message">
          {message.text}
        </p>
      )}
      {props.complete && !props.halted && (
        <div className="cf-review-complete" role="status">
          Every case is decided.
          <button
            type="button"
            className="cf-btn cf-btn-primary"
            onClick={() => {
              props.onContinue();
              dialogRef.current?.close();
            }}
            data-testid="review-mode-continue"
          >
            Continue the run with these decisions
          </button>
        </div>
      )}

      <div className="cf-rm-body">
        <ReviewModeList
          rows={visible}
          currentId={curId}
          selection={selection}
          scoresHidden={request.hideScore}
          scoreShown={scoreShown}
          onPick={onPick}
          onKeyDown={onListKey}
          listRef={listRef}
        />
        <ReviewModeDetail
          request={request}
          row={current}
          state={current ? states.get(current.item.itemId) : undefined}
          features={features}
          scoreShown={current ? scoreShown(current) : false}
          assessment={current ? (assessments[current.item.itemId] ?? '') : ''}
          onAssessment={(text) => current && setAssessments((a) => ({ ...a, [current.item.itemId]: text }))}
          onShowScore={() => current && setAssessed((s) => new Set(s).add(current.item.itemId))}
          canDecide={!disabled && Boolean(reviewer.trim()) && Boolean(current) && current!.status !== 'decided' && !current!.mine}
          overriding={overriding}
          reason={reason}
          onReason={setReason}
          onAccept={() => run('accept')}
          onStartOverride={() => run('override')}
          onConfirmOverride={() => {
            if (!reason.trim()) return setMessage({ kind: 'error', text: 'An override needs a reason: say why the suggestion is wrong for this person.' });
            void decide('override');
          }}
          onCancelOverride={() => {
            setOverriding(false);
            listRef.current?.focus();
          }}
          onUndo={() => run('undo')}
          busy={busy}
        />
      </div>

      {helpOpen && <ReviewModeHelp onClose={() => setHelpOpen(false)} />}
    </dialog>
  );
}

function ReviewModeHelp({ onClose }: { onClose(): void }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      className="cf-dialog"
      aria-labelledby="cf-rm-keys-h"
      onClose={(e) => {
        e.stopPropagation();
        onClose();
      }}
      onKeyDown={(e) => e.stopPropagation()}
      data-testid="review-mode-help"
    >
      <h2 id="cf-rm-keys-h">Review mode keys</h2>
      <ShortcutTable shortcuts={REVIEW_MODE_SHORTCUTS} />
      <div className="cf-dialog-actions">
        <button type="button" className="cf-btn" onClick={() => ref.current?.close()} autoFocus>
          Close
        </button>
      </div>
    </dialog>
  );
}
