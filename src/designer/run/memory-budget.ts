/**
 * The designer's memory budget for run results: how many MB the runner's cache may hold (issue 17; a
 * browser tab near 1.5 GB risks being killed). Saved in this browser's settings (localStorage); the
 * runner, created on the first run, is attached here so the status bar can show its use and change
 * its budget while it lives.
 */
import type { Runner } from '../../runtime/runner.ts';

export const MEMORY_BUDGET_KEY = 'crispflow.memoryBudgetMb';
export const DEFAULT_MEMORY_BUDGET_MB = 1024;
export const MIN_MEMORY_BUDGET_MB = 64;
const MB = 2 ** 20;

type BudgetRunner = Pick<Runner, 'cacheBytes' | 'memoryBudget' | 'setMemoryBudget'>;

let runner: BudgetRunner | undefined;

function storage(): Storage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined; // storage blocked: the default applies for this session
  }
}

/** The saved budget in MB, or the default when none (or an unusable value) is saved. */
export function loadMemoryBudgetMb(): number {
  const saved = Number(storage()?.getItem(MEMORY_BUDGET_KEY));
  return Number.isFinite(saved) && saved >= MIN_MEMORY_BUDGET_MB ? saved : DEFAULT_MEMORY_BUDGET_MB;
}

/** Why a typed budget cannot be used, or undefined when it can. */
export function memoryBudgetProblem(mb: number): string | undefined {
  if (!Number.isFinite(mb)) return 'Type the budget as a number of megabytes, e.g. 1024.';
  if (mb < MIN_MEMORY_BUDGET_MB) return `The budget must be at least ${MIN_MEMORY_BUDGET_MB} MB.`;
  return undefined;
}

/** Saves the budget and applies it to the runner at once (results beyond it are dropped). */
export function saveMemoryBudgetMb(mb: number): void {
  const problem = memoryBudgetProblem(mb);
  if (problem) throw new RangeError(problem);
  storage()?.setItem(MEMORY_BUDGET_KEY, String(mb));
  runner?.setMemoryBudget(mb * MB);
}

export function memoryBudgetBytes(): number {
  return loadMemoryBudgetMb() * MB;
}

/** The runner whose cache the status bar shows (the designer has one, created on the first run). */
export function attachBudgetRunner(r: BudgetRunner): void {
  runner = r;
}

export interface MemoryUse {
  cacheBytes: number;
  budgetBytes: number;
}

export function currentMemoryUse(): MemoryUse {
  return runner ? { cacheBytes: runner.cacheBytes(), budgetBytes: runner.memoryBudget() } : { cacheBytes: 0, budgetBytes: memoryBudgetBytes() };
}

/** "412 MB", "1 GB", "1.5 GB". */
export function formatMegabytes(bytes: number): string {
  const mb = bytes / MB;
  if (mb < 1024) return `${Math.round(mb)} MB`;
  return `${Number((mb / 1024).toFixed(1))} GB`;
}
