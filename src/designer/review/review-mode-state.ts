/**
 * Review mode's logic without React or IndexedDB (unit-tested): the case rows, filters and sorting,
 * keyboard commands, selection, the plan of a bulk decision with its four-eyes rule, and what "undo"
 * may take back. The full-screen view (ReviewMode.tsx) only renders what these functions return.
 */
import type { Recommendation, ReviewItem, ReviewRequest } from '../../../nodes/human-review/types.ts';
import type { StoredReviewDecision } from '../persistence/db.ts';
import type { ItemState, ItemStatus } from './review-store.ts';

export interface CaseRow {
  item: ReviewItem;
  /** Position in the queue as the node produced it (the "queue order" sort). */
  index: number;
  status: ItemStatus;
  /** This reviewer's own record on the case (four-eyes: waiting for a second reviewer). */
  mine?: StoredReviewDecision;
  /** The deciding record once the case is decided. */
  final?: StoredReviewDecision;
}

export type SuggestedFilter = 'all' | Recommendation;
export type DecidedFilter = 'all' | 'undecided' | 'decided';
export type SortKey = 'queue' | 'score-desc' | 'score-asc' | 'id';

export interface ReviewModeFilters {
  /** Part of the case id, any case. */
  search: string;
  suggested: SuggestedFilter;
  /** Inclusive score bounds; null: open. */
  scoreMin: number | null;
  scoreMax: number | null;
  /** One value of the group (protected attribute) column; null: every group. */
  group: string | null;
  decided: DecidedFilter;
}

export const NO_FILTERS: ReviewModeFilters = { search: '', suggested: 'all', scoreMin: null, scoreMax: null, group: null, decided: 'all' };

const sameName = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** One row per case, in queue order, with where it stands for this reviewer. */
export function caseRows(request: ReviewRequest, states: ReadonlyMap<string, ItemState>, reviewer: string): CaseRow[] {
  return request.items.map((item, index) => {
    const s = states.get(item.itemId);
    const mine = reviewer.trim() ? s?.records.find((r) => sameName(r.reviewer, reviewer)) : undefined;
    return { item, index, status: s?.status ?? 'open', ...(mine ? { mine } : {}), ...(s?.final ? { final: s.final } : {}) };
  });
}

/** The distinct group values of the queue, sorted (the group filter's options). */
export function groupsOf(request: ReviewRequest): string[] {
  const set = new Set<string>();
  for (const i of request.items) if (i.group !== undefined) set.add(i.group);
  return [...set].sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
}

/** Problems with the filters as typed, in words; empty when they can be applied. */
export function filterProblems(f: ReviewModeFilters): string[] {
  const out: string[] = [];
  for (const [name, v] of [
    ['Lowest score', f.scoreMin],
    ['Highest score', f.scoreMax],
  ] as const) {
    if (v !== null && (!Number.isFinite(v) || v < 0 || v > 1)) out.push(`${name} must be a number from 0 to 1 (scores are probabilities).`);
  }
  if (f.scoreMin !== null && f.scoreMax !== null && f.scoreMin > f.scoreMax) out.push(`Lowest score (${f.scoreMin}) is above highest score (${f.scoreMax}): no case can match.`);
  return out;
}

/**
 * The rows that pass every filter, sorted. With `scoresHidden` (the reviewer assesses each person
 * before seeing the score) score filters and score sorts are ignored: they would reveal the scores.
 */
export function visibleCases(rows: readonly CaseRow[], f: ReviewModeFilters, sort: SortKey, opts: { scoresHidden?: boolean } = {}): CaseRow[] {
  const search = f.search.trim().toLowerCase();
  const useScores = !opts.scoresHidden;
  const out = rows.filter((r) => {
    if (search && !r.item.itemId.toLowerCase().includes(search)) return false;
    if (f.suggested !== 'all' && r.item.recommendation !== f.suggested) return false;
    if (f.group !== null && r.item.group !== f.group) return false;
    if (f.decided === 'decided' && r.status !== 'decided') return false;
    if (f.decided === 'undecided' && r.status === 'decided') return false;
    if (useScores && f.scoreMin !== null && !(r.item.score >= f.scoreMin)) return false;
    if (useScores && f.scoreMax !== null && !(r.item.score <= f.scoreMax)) return false;
    return true;
  });
  const key = !useScores && (sort === 'score-asc' || sort === 'score-desc') ? 'queue' : sort;
  // Ties fall back to queue order, so the list never jumps between equal scores.
  const byQueue = (a: CaseRow, b: CaseRow) => a.index - b.index;
  if (key === 'score-desc') out.sort((a, b) => b.item.score - a.item.score || byQueue(a, b));
  else if (key === 'score-asc') out.sort((a, b) => a.item.score - b.item.score || byQueue(a, b));
  else if (key === 'id') out.sort((a, b) => a.item.itemId.localeCompare(b.item.itemId, undefined, { numeric: true }) || byQueue(a, b));
  return out;
}

export interface Progress {
  decided: number;
  total: number;
}

export function progressOf(states: ReadonlyMap<string, ItemState>): Progress {
  let decided = 0;
  for (const s of states.values()) if (s.status === 'decided') decided++;
  return { decided, total: states.size };
}

/** The id `delta` steps from `currentId` in the visible list, clamped at both ends. */
export function stepFrom(ids: readonly string[], currentId: string | undefined, delta: number): string | undefined {
  if (ids.length === 0) return undefined;
  const at = currentId === undefined ? -1 : ids.indexOf(currentId);
  if (at < 0) return ids[delta < 0 ? ids.length - 1 : 0];
  return ids[Math.min(ids.length - 1, Math.max(0, at + delta))];
}

// ── Selection ────────────────────────────────────────────────────────────────────────────────

export function toggled(selection: ReadonlySet<string>, id: string): Set<string> {
  const next = new Set(selection);
  if (next.has(id)) next.delete(id);
  else next.add(id);
  return next;
}

/** Shift-click: adds every visible case between the anchor and `id` (both included). */
export function withRange(selection: ReadonlySet<string>, ids: readonly string[], anchorId: string | undefined, id: string): Set<string> {
  const next = new Set(selection);
  const to = ids.indexOf(id);
  const from = anchorId === undefined ? -1 : ids.indexOf(anchorId);
  if (to < 0) return next;
  if (from < 0) {
    next.add(id);
    return next;
  }
  for (let i = Math.min(from, to); i <= Math.max(from, to); i++) next.add(ids[i]);
  return next;
}

// ── Keyboard ─────────────────────────────────────────────────────────────────────────────────

export type ReviewModeCommand = 'next' | 'previous' | 'first' | 'last' | 'extend-next' | 'extend-previous' | 'accept' | 'override' | 'undo' | 'toggle-select' | 'search' | 'help';

/** Review mode's keys (outside text fields): j/k and arrows move, a accepts, o overrides, u undoes… */
export function commandForKey(e: { key: string; shiftKey?: boolean; ctrlKey?: boolean; metaKey?: boolean; altKey?: boolean }): ReviewModeCommand | undefined {
  if (e.ctrlKey || e.metaKey || e.altKey) return undefined;
  switch (e.key) {
    case 'j':
    case 'ArrowDown':
      return e.shiftKey ? 'extend-next' : 'next';
    case 'J':
      return 'extend-next';
    case 'k':
    case 'ArrowUp':
      return e.shiftKey ? 'extend-previous' : 'previous';
    case 'K':
      return 'extend-previous';
    case 'Home':
      return 'first';
    case 'End':
      return 'last';
    case 'a':
      return 'accept';
    case 'o':
      return 'override';
    case 'u':
      return 'undo';
    case 'x':
      return 'toggle-select';
    case '/':
      return 'search';
    case '?':
      return 'help';
    default:
      return undefined;
  }
}

export const REVIEW_MODE_SHORTCUTS: readonly [keys: string, what: string][] = [
  ['j or ↓, k or ↑', 'Next case, previous case'],
  ['Home, End', 'First case, last case of the list'],
  ['a', 'Accept the model’s suggestion for the current case'],
  ['o', 'Override the current case: type the reason, Enter confirms, Escape cancels'],
  ['u', 'Undo your last decision on the current case'],
  ['x', 'Select or unselect the current case (Shift+j / Shift+k extend the selection; Shift-click selects a range)'],
  ['/', 'Search by case id'],
  ['?', 'Show these shortcuts'],
  ['Escape', 'Cancel an override, close this list, or leave review mode'],
];

// ── Bulk decisions ───────────────────────────────────────────────────────────────────────────

/** More cases than this in one bulk override need a second reviewer. */
export const BULK_FOUR_EYES_LIMIT = 10;

export type BulkAction = 'accept' | 'override';

export interface FourEyesRule {
  required: boolean;
  /** Why a second reviewer must confirm, in words (recorded in the audit log). */
  why: string | null;
}

/**
 * When a bulk decision needs a second person (four-eyes): an override of more than 10 cases, or an
 * override of two or more cases that all belong to one group of the protected attribute while the
 * queue holds several groups (overriding a group wholesale is how group-wise unfairness gets in).
 * Accepting the model's suggestions never needs one.
 */
export function bulkFourEyesRule(action: BulkAction, items: readonly ReviewItem[], request: Pick<ReviewRequest, 'items' | 'groupColumn'>): FourEyesRule {
  if (action !== 'override') return { required: false, why: null };
  if (items.length > BULK_FOUR_EYES_LIMIT) return { required: true, why: `it overrides ${items.length} cases (more than ${BULK_FOUR_EYES_LIMIT})` };
  if (items.length >= 2) {
    const groups = new Set(request.items.map((i) => i.group).filter((g) => g !== undefined));
    const first = items[0].group;
    if (groups.size >= 2 && first !== undefined && items.every((i) => i.group === first)) {
      return { required: true, why: `every case is in one ${request.groupColumn ? `"${request.groupColumn}"` : 'protected'} group ("${first}")` };
    }
  }
  return { required: false, why: null };
}

export interface BulkPlan {
  action: BulkAction;
  /** The selected cases this reviewer can decide now, in queue order. */
  items: ReviewItem[];
  /** Selected cases left out, with why. */
  skipped: Array<{ itemId: string; why: string }>;
  fourEyes: FourEyesRule;
  /** Why no bulk decision is possible at all (e.g. scores hidden until each assessment). */
  blocked?: string;
}

/** What a bulk decision on the selection would do (before anyone confirms it). */
export function planBulk(args: { request: ReviewRequest; states: ReadonlyMap<string, ItemState>; selected: ReadonlySet<string>; action: BulkAction; reviewer: string }): BulkPlan {
  const { request, states, selected, action, reviewer } = args;
  const items: ReviewItem[] = [];
  const skipped: BulkPlan['skipped'] = [];
  for (const item of request.items) {
    if (!selected.has(item.itemId)) continue;
    const s = states.get(item.itemId);
    if (s?.status === 'decided') skipped.push({ itemId: item.itemId, why: 'already decided' });
    else if (reviewer.trim() && s?.records.some((r) => sameName(r.reviewer, reviewer))) skipped.push({ itemId: item.itemId, why: 'you already reviewed it; a second reviewer decides' });
    else items.push(item);
  }
  const plan: BulkPlan = { action, items, skipped, fourEyes: bulkFourEyesRule(action, items, request) };
  if (request.hideScore) {
    plan.blocked = 'Bulk decisions are off for this queue: it asks for your own assessment of each person before the score is shown, so decide case by case.';
  }
  return plan;
}

/**
 * Why this bulk decision cannot be recorded as filled in, or null when it can. One reason covers
 * every case (accepts too: a bulk accept says why the cases were not looked at one by one).
 */
export function bulkProblem(plan: BulkPlan, input: { reviewer: string; reason: string; secondReviewer?: string }): string | null {
  if (plan.blocked) return plan.blocked;
  const reviewer = input.reviewer.trim();
  if (!reviewer) return 'Enter your name as reviewer first: every decision must say who made it.';
  if (plan.items.length === 0) {
    return plan.skipped.length ? `None of the ${plan.skipped.length} selected cases can be decided by you (${plan.skipped[0].why}).` : 'Select the cases to decide first (x, Shift-click, or “Select all filtered”).';
  }
  const n = plan.items.length;
  if (!input.reason.trim()) return `Give one reason for all ${n} case${n === 1 ? '' : 's'}: a bulk ${plan.action} is recorded with why.`;
  if (plan.fourEyes.required) {
    const second = input.secondReviewer?.trim() ?? '';
    if (!second) return `This bulk override needs a second reviewer (four-eyes) because ${plan.fourEyes.why}: a colleague enters their name and confirms.`;
    if (sameName(second, reviewer)) return `The second reviewer must be someone other than ${reviewer}: four-eyes means two different people.`;
  }
  return null;
}

// ── Undo ─────────────────────────────────────────────────────────────────────────────────────

/** The record "u" would take back on this case: the latest, and only when this reviewer made it. */
export function undoTarget(itemId: string, state: ItemState | undefined, reviewer: string): { record: StoredReviewDecision } | { problem: string } {
  const records = state?.records ?? [];
  if (records.length === 0) return { problem: `Case ${itemId} has no decision to undo.` };
  const last = records.reduce((a, b) => (b.round > a.round ? b : a));
  if (!reviewer.trim()) return { problem: 'Enter your name as reviewer first: only whoever made a decision can undo it.' };
  if (!sameName(last.reviewer, reviewer)) return { problem: `The last decision on case ${itemId} was made by ${last.reviewer}; only they can undo it.` };
  return { record: last };
}
