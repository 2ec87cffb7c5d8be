import { describe, expect, it } from 'vitest';
import type { ReviewItem, ReviewRequest } from '../../../nodes/human-review/types.ts';
import type { StoredReviewDecision } from '../persistence/db.ts';
import {
  BULK_FOUR_EYES_LIMIT,
  NO_FILTERS,
  bulkFourEyesRule,
  bulkProblem,
  caseRows,
  commandForKey,
  filterProblems,
  groupsOf,
  planBulk,
  progressOf,
  stepFrom,
  toggled,
  undoTarget,
  visibleCases,
  withRange,
} from './review-mode-state.ts';
import { statesByItem } from './review-store.ts';

const item = (id: string, score: number, group: string): ReviewItem => ({ itemId: id, row: Number(id), recommendation: score >= 0.5 ? 'recommend' : 'not-recommend', score, group });

const request = (items: ReviewItem[], over: Partial<ReviewRequest> = {}): ReviewRequest => ({
  kind: 'review-request',
  nodeId: 'review',
  title: 'Review',
  itemColumn: 'employee_id',
  groupColumn: 'group',
  threshold: 0.5,
  hideScore: false,
  fourEyes: false,
  items,
  decided: [],
  ...over,
});

const record = (itemId: string, reviewer: string, round = 1, decision: 'accept' | 'override' = 'accept'): StoredReviewDecision => ({
  queueId: 'q',
  itemId,
  round,
  reviewer,
  decision,
  finalDecision: 'recommend',
  reason: decision === 'override' ? 'because' : '',
  at: round,
  auditSeq: round,
});

// Ten cases: ids 1..10, scores 0.05..0.95, groups alternating A/B (odd ids A).
const ten = Array.from({ length: 10 }, (_, i) => item(String(i + 1), (i * 10 + 5) / 100, i % 2 === 0 ? 'A' : 'B'));

describe('review mode: rows, filters, sorting', () => {
  const req = request(ten);
  const states = statesByItem(req, [record('2', 'Ana'), record('7', 'Bo')]);
  const rows = caseRows(req, states, 'ana');

  it('marks decided cases and the reviewer’s own records (names compared without case)', () => {
    expect(rows.filter((r) => r.status === 'decided').map((r) => r.item.itemId)).toEqual(['2', '7']);
    expect(rows.filter((r) => r.mine).map((r) => r.item.itemId)).toEqual(['2']);
    expect(progressOf(states)).toEqual({ decided: 2, total: 10 });
    expect(groupsOf(req)).toEqual(['A', 'B']);
  });

  it('filters by suggestion, score range, group, decided state and id, together', () => {
    const ids = (f: Partial<typeof NO_FILTERS>, sort: Parameters<typeof visibleCases>[2] = 'queue') => visibleCases(rows, { ...NO_FILTERS, ...f }, sort).map((r) => r.item.itemId);
    expect(ids({})).toHaveLength(10);
    expect(ids({ suggested: 'recommend' })).toEqual(['6', '7', '8', '9', '10']);
    expect(ids({ suggested: 'not-recommend' })).toEqual(['1', '2', '3', '4', '5']);
    // Inclusive bounds: 0.35 and 0.65 are scores of ids 4 and 7.
    expect(ids({ scoreMin: 0.35, scoreMax: 0.65 })).toEqual(['4', '5', '6', '7']);
    expect(ids({ group: 'B' })).toEqual(['2', '4', '6', '8', '10']);
    expect(ids({ decided: 'decided' })).toEqual(['2', '7']);
    expect(ids({ decided: 'undecided', group: 'B', suggested: 'recommend' })).toEqual(['6', '8', '10']);
    expect(ids({ search: '1' })).toEqual(['1', '10']);
    expect(ids({}, 'score-desc').slice(0, 3)).toEqual(['10', '9', '8']);
    expect(ids({}, 'score-asc').slice(0, 3)).toEqual(['1', '2', '3']);
    // Numeric-aware id order: 2 before 10.
    expect(ids({}, 'id')).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
  });

  it('ignores score filters and score sorts while scores are hidden until each assessment', () => {
    const hidden = visibleCases(rows, { ...NO_FILTERS, scoreMin: 0.9 }, 'score-desc', { scoresHidden: true }).map((r) => r.item.itemId);
    expect(hidden).toEqual(ten.map((i) => i.itemId));
  });

  it('names impossible score bounds', () => {
    expect(filterProblems(NO_FILTERS)).toEqual([]);
    expect(filterProblems({ ...NO_FILTERS, scoreMin: 1.5 })).toEqual(['Lowest score must be a number from 0 to 1 (scores are probabilities).']);
    expect(filterProblems({ ...NO_FILTERS, scoreMin: 0.8, scoreMax: 0.2 })[0]).toMatch(/Lowest score \(0\.8\) is above highest score \(0\.2\)/);
  });
});

describe('review mode: keys, navigation, selection', () => {
  it('maps keys to commands, leaving modified keys alone', () => {
    expect(['j', 'ArrowDown', 'k', 'ArrowUp', 'a', 'o', 'u', 'x', '/', '?'].map((key) => commandForKey({ key }))).toEqual([
      'next',
      'next',
      'previous',
      'previous',
      'accept',
      'override',
      'undo',
      'toggle-select',
      'search',
      'help',
    ]);
    expect(commandForKey({ key: 'J', shiftKey: true })).toBe('extend-next');
    expect(commandForKey({ key: 'ArrowUp', shiftKey: true })).toBe('extend-previous');
    expect(commandForKey({ key: 'a', ctrlKey: true })).toBeUndefined();
    expect(commandForKey({ key: 'q' })).toBeUndefined();
  });

  it('steps through the visible ids, clamped; a case filtered away restarts at an end', () => {
    const ids = ['3', '5', '8'];
    expect(stepFrom(ids, '5', 1)).toBe('8');
    expect(stepFrom(ids, '8', 1)).toBe('8');
    expect(stepFrom(ids, '3', -1)).toBe('3');
    expect(stepFrom(ids, '4', 1)).toBe('3');
    expect(stepFrom(ids, '4', -1)).toBe('8');
    expect(stepFrom([], '4', 1)).toBeUndefined();
  });

  it('toggles and selects ranges between the anchor and the clicked case', () => {
    const ids = ['a', 'b', 'c', 'd', 'e'];
    expect([...toggled(new Set(['a']), 'a')]).toEqual([]);
    expect([...withRange(new Set(['a']), ids, 'b', 'd')].sort()).toEqual(['a', 'b', 'c', 'd']);
    expect([...withRange(new Set(), ids, 'e', 'c')].sort()).toEqual(['c', 'd', 'e']);
    expect([...withRange(new Set(), ids, undefined, 'c')]).toEqual(['c']);
  });
});

describe('review mode: bulk decisions and four-eyes', () => {
  it('needs four-eyes for overrides of more than 10 cases or of one protected group, never for accepts', () => {
    const many = Array.from({ length: BULK_FOUR_EYES_LIMIT + 1 }, (_, i) => item(String(i), 0.6, i % 2 ? 'A' : 'B'));
    const req = request(many);
    expect(bulkFourEyesRule('override', many, req)).toEqual({ required: true, why: 'it overrides 11 cases (more than 10)' });
    expect(bulkFourEyesRule('override', many.slice(0, 10), req)).toEqual({ required: false, why: null });
    expect(bulkFourEyesRule('accept', many, req).required).toBe(false);
    const onlyB = many.filter((i) => i.group === 'B');
    expect(bulkFourEyesRule('override', onlyB, req)).toEqual({ required: true, why: 'every case is in one "group" group ("B")' });
    // One case is a single override; a queue with one group has no group to single out.
    expect(bulkFourEyesRule('override', onlyB.slice(0, 1), req).required).toBe(false);
    const oneGroup = request(many.map((i) => ({ ...i, group: 'A' })));
    expect(bulkFourEyesRule('override', oneGroup.items.slice(0, 5), oneGroup).required).toBe(false);
  });

  it('plans only cases this reviewer can decide, and says why the others are left out', () => {
    const req = request(ten, { fourEyes: true });
    const states = statesByItem(req, [record('1', 'Ana'), record('1', 'Bo', 2), record('2', 'Ana'), record('3', 'Bo')]);
    const plan = planBulk({ request: req, states, selected: new Set(['1', '2', '3', '4']), action: 'accept', reviewer: 'ANA' });
    expect(plan.items.map((i) => i.itemId)).toEqual(['3', '4']);
    expect(plan.skipped).toEqual([
      { itemId: '1', why: 'already decided' },
      { itemId: '2', why: 'you already reviewed it; a second reviewer decides' },
    ]);
    expect(plan.blocked).toBeUndefined();
  });

  it('refuses a bulk decision without a reviewer, a reason, or a different second reviewer when four-eyes applies', () => {
    const req = request(ten);
    const states = statesByItem(req, []);
    const accept = planBulk({ request: req, states, selected: new Set(['1', '2']), action: 'accept', reviewer: 'Ana' });
    expect(bulkProblem(accept, { reviewer: '', reason: 'x' })).toMatch(/Enter your name/);
    expect(bulkProblem(accept, { reviewer: 'Ana', reason: '  ' })).toBe('Give one reason for all 2 cases: a bulk accept is recorded with why.');
    expect(bulkProblem(accept, { reviewer: 'Ana', reason: 'Clear cases, checked the drivers' })).toBeNull();

    const overrideB = planBulk({ request: req, states, selected: new Set(['2', '4', '6']), action: 'override', reviewer: 'Ana' });
    expect(overrideB.fourEyes.required).toBe(true);
    expect(bulkProblem(overrideB, { reviewer: 'Ana', reason: 'Ratings inflated' })).toMatch(/needs a second reviewer \(four-eyes\) because every case is in one "group" group \("B"\)/);
    expect(bulkProblem(overrideB, { reviewer: 'Ana', reason: 'Ratings inflated', secondReviewer: ' ana ' })).toBe('The second reviewer must be someone other than Ana: four-eyes means two different people.');
    expect(bulkProblem(overrideB, { reviewer: 'Ana', reason: 'Ratings inflated', secondReviewer: 'Bo' })).toBeNull();

    expect(bulkProblem(planBulk({ request: req, states, selected: new Set(), action: 'accept', reviewer: 'Ana' }), { reviewer: 'Ana', reason: 'r' })).toMatch(/Select the cases/);
  });

  it('blocks bulk decisions while scores are hidden until each assessment', () => {
    const req = request(ten, { hideScore: true });
    const plan = planBulk({ request: req, states: statesByItem(req, []), selected: new Set(['1']), action: 'accept', reviewer: 'Ana' });
    expect(bulkProblem(plan, { reviewer: 'Ana', reason: 'r' })).toMatch(/Bulk decisions are off for this queue/);
  });
});

describe('review mode: undo', () => {
  it('takes back only the latest record, and only by whoever made it', () => {
    const req = request(ten, { fourEyes: true });
    const states = statesByItem(req, [record('1', 'Ana'), record('1', 'Bo', 2)]);
    expect(undoTarget('1', states.get('1'), 'bo')).toEqual({ record: record('1', 'Bo', 2) });
    expect(undoTarget('1', states.get('1'), 'Ana')).toEqual({ problem: 'The last decision on case 1 was made by Bo; only they can undo it.' });
    expect(undoTarget('2', states.get('2'), 'Ana')).toEqual({ problem: 'Case 2 has no decision to undo.' });
  });
});
