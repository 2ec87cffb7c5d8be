/**
 * The status bar's "Cache 412 MB of 1 GB": how much the run cache holds against its memory budget,
 * and a small form to change the budget (saved in this browser's settings).
 */
import { useEffect, useId, useRef, useState } from 'react';
import {
  currentMemoryUse,
  formatMegabytes,
  loadMemoryBudgetMb,
  memoryBudgetProblem,
  MIN_MEMORY_BUDGET_MB,
  saveMemoryBudgetMb,
  type MemoryUse,
} from './memory-budget.ts';

/** The cache changes only when steps finish; a second's delay in the readout is fine. */
const REFRESH_MS = 1000;

function useMemoryUse(): [MemoryUse, () => void] {
  const [use, setUse] = useState(currentMemoryUse);
  const refresh = () => {
    const next = currentMemoryUse();
    setUse((prev) => (prev.cacheBytes === next.cacheBytes && prev.budgetBytes === next.budgetBytes ? prev : next));
  };
  useEffect(() => {
    const timer = setInterval(refresh, REFRESH_MS);
    return () => clearInterval(timer);
  }, []);
  return [use, refresh];
}

export function MemoryBudgetReadout() {
  const [use, refresh] = useMemoryUse();
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const formId = useId();
  const buttonRef = useRef<HTMLButtonElement>(null);

  const close = () => {
    setOpen(false);
    setProblem(undefined);
    buttonRef.current?.focus();
  };
  const save = () => {
    const mb = Number(draft);
    const why = memoryBudgetProblem(mb);
    if (why) return setProblem(why);
    saveMemoryBudgetMb(mb);
    refresh();
    close();
  };

  return (
    <span className="cf-problems-wrap">
      <button
        ref={buttonRef}
        type="button"
        className="cf-link-btn"
        aria-expanded={open}
        aria-controls={formId}
        data-testid="memory-budget"
        data-cache-bytes={use.cacheBytes}
        title="Results kept for re-runs, and the memory budget they stay within (least recently used dropped first)"
        onClick={() => {
          setDraft(String(loadMemoryBudgetMb()));
          setProblem(undefined);
          setOpen((o) => !o);
        }}
      >
        Cache {formatMegabytes(use.cacheBytes)} of {formatMegabytes(use.budgetBytes)}
      </button>
      {open && (
        <form
          id={formId}
          className="cf-problems-popover"
          style={{ width: 'auto', padding: '8px 10px', display: 'grid', gap: 6 }}
          aria-label="Memory budget"
          // Our own message (with what to type) instead of the browser's bubble for min/number.
          noValidate
          data-testid="memory-budget-form"
          onSubmit={(e) => {
            e.preventDefault();
            save();
          }}
          onKeyDown={(e) => {
            if (e.key === 'Escape') close();
          }}
        >
          <label>
            Memory budget for run results (MB){' '}
            <input
              type="number"
              min={MIN_MEMORY_BUDGET_MB}
              step={64}
              value={draft}
              autoFocus
              aria-invalid={problem ? true : undefined}
              aria-describedby={problem ? `${formId}-problem` : undefined}
              data-testid="memory-budget-input"
              onChange={(e) => setDraft(e.target.value)}
            />
          </label>
          {problem && (
            <span id={`${formId}-problem`} role="alert">
              {problem}
            </span>
          )}
          <span>
            <button type="submit" className="cf-btn">
              Save budget
            </button>{' '}
            <button type="button" className="cf-btn cf-btn-quiet" onClick={close}>
              Cancel
            </button>
          </span>
        </form>
      )}
    </span>
  );
}
