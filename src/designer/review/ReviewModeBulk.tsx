/**
 * Review mode's bulk bar: how many cases are selected, "select all filtered", and accept or override
 * the selection with ONE reason; when the four-eyes rule applies a second reviewer (another person)
 * enters their name and confirms. The plan and the rules come from review-mode-state.ts.
 */
import { useEffect, useRef, useState } from 'react';
import { bulkProblem, type BulkAction, type BulkPlan } from './review-mode-state.ts';

export interface BulkBarProps {
  selected: number;
  filtered: number;
  onSelectAll(): void;
  onClear(): void;
  plan(action: BulkAction): BulkPlan;
  reviewer: string;
  disabled: boolean;
  onSubmit(plan: BulkPlan, reason: string, secondReviewer: string): Promise<void>;
}

export function ReviewModeBulk(p: BulkBarProps) {
  const [action, setAction] = useState<BulkAction | null>(null);
  const [reason, setReason] = useState('');
  const [second, setSecond] = useState('');
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);
  const reasonRef = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (action) reasonRef.current?.focus();
  }, [action]);
  const plan = action ? p.plan(action) : undefined;

  const open = (a: BulkAction) => {
    setAction(a);
    setProblem(undefined);
  };
  const close = () => {
    setAction(null);
    setReason('');
    setSecond('');
    setProblem(undefined);
  };
  const confirm = async () => {
    if (!plan) return;
    const why = bulkProblem(plan, { reviewer: p.reviewer, reason, secondReviewer: second });
    if (why) {
      setProblem(why);
      return;
    }
    setBusy(true);
    try {
      await p.onSubmit(plan, reason, second);
      close();
    } catch (e) {
      setProblem((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="cf-rm-bulk" role="group" aria-label="Bulk decisions" data-testid="review-mode-bulk">
      <div className="cf-rm-bulk-bar">
        <span data-testid="review-mode-selected">{p.selected} selected</span>
        <button type="button" className="cf-btn" onClick={p.onSelectAll} disabled={p.filtered === 0} data-testid="review-mode-select-all">
          Select all filtered ({p.filtered})
        </button>
        <button type="button" className="cf-btn cf-btn-quiet" onClick={p.onClear} disabled={p.selected === 0}>
          Clear selection
        </button>
        <button type="button" className="cf-btn" onClick={() => open('accept')} disabled={p.selected === 0 || p.disabled} aria-expanded={action === 'accept'} data-testid="review-mode-bulk-accept">
          Accept selected…
        </button>
        <button type="button" className="cf-btn" onClick={() => open('override')} disabled={p.selected === 0 || p.disabled} aria-expanded={action === 'override'} data-testid="review-mode-bulk-override">
          Override selected…
        </button>
      </div>
      {plan && (
        <form
          className="cf-rm-bulk-form"
          aria-label={`Bulk ${plan.action}`}
          data-testid="review-mode-bulk-form"
          onSubmit={(e) => {
            e.preventDefault();
            void confirm();
          }}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.preventDefault();
              e.stopPropagation();
              close();
            }
          }}
        >
          <p data-testid="review-mode-bulk-summary">
            {plan.action === 'accept' ? 'Accept the model’s suggestion for' : 'Override the model’s suggestion for'} {plan.items.length} case{plan.items.length === 1 ? '' : 's'}
            {plan.skipped.length > 0 ? ` (${plan.skipped.length} selected case${plan.skipped.length === 1 ? '' : 's'} left out: ${[...new Set(plan.skipped.map((s) => s.why))].join('; ')})` : ''}.
          </p>
          {plan.blocked && <p className="cf-review-error">{plan.blocked}</p>}
          <label className="cf-field">
            <span className="cf-field-label">One reason for all of them (required)</span>
            <input
              ref={reasonRef}
              value={reason}
              onChange={(e) => {
                setReason(e.target.value);
                setProblem(undefined);
              }} aria-required="true" data-testid="review-mode-bulk-reason" />
          </label>
          {plan.fourEyes.required && (
            <div className="cf-rm-foureyes" data-testid="review-mode-four-eyes">
              <p>
                <strong>Four-eyes:</strong> a second reviewer must confirm because {plan.fourEyes.why}. They enter their own name here (not {p.reviewer.trim() || 'yours'}).
              </p>
              <label className="cf-field">
                <span className="cf-field-label">Second reviewer (confirms)</span>
                <input
                  value={second}
                  onChange={(e) => {
                    setSecond(e.target.value);
                    setProblem(undefined);
                  }} aria-required="true" data-testid="review-mode-second-reviewer" />
              </label>
            </div>
          )}
          {problem && (
            <p role="alert" className="cf-review-error" data-testid="review-mode-bulk-problem">
              {problem}
            </p>
          )}
          <div className="cf-review-buttons">
            <button type="submit" className="cf-btn cf-btn-primary" disabled={busy} data-testid="review-mode-bulk-confirm">
              {plan.action === 'accept' ? 'Accept' : 'Override'} {plan.items.length} case{plan.items.length === 1 ? '' : 's'}
            </button>
            <button type="button" className="cf-btn cf-btn-quiet" onClick={close}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
