import { useState } from 'react';
import type { ParamSpecs } from '../../core/params.ts';
import type { ColumnSchema } from '../../core/table/table.ts';
import { AUTO_REFERENCE } from '../../ml/fairness/reference-group.ts';
import { usePipeline, usePipelineStore } from '../store/context.tsx';
import { fairnessSetupModel, outcomePhrase } from './setup-model.ts';
import './fairness-setup.css';

/**
 * Guided fairness setup in the inspector: protected columns suggested from the input's names, roles
 * and values; the favourable outcome asked as a plain question; the reference group automatic unless
 * one is named. Every answer is an ordinary param change (undoable, validated like the form's).
 */
export function FairnessSetup({ nodeId, specs, params, columns }: { nodeId: string; specs: ParamSpecs; params: Record<string, unknown>; columns: ColumnSchema[] }) {
  const store = usePipelineStore();
  const edges = usePipeline((s) => s.doc.edges);
  const nodes = usePipeline((s) => s.doc.nodes);
  const phrase = outcomePhrase({ nodes, edges }, nodeId);
  const model = fairnessSetupModel(specs, params, columns, phrase);
  // Number columns (e.g. Age) are suggested but not ticked: every distinct value would be its own group.
  const isNumber = (column: string) => columns.some((c) => c.name === column && (c.type === 'integer' || c.type === 'number'));
  const [picked, setPicked] = useState<string[]>(() =>
    model.chosen.length ? model.chosen : model.suggestions.filter((s) => !isNumber(s.column)).map((s) => s.column),
  );
  const [group, setGroup] = useState(model.reference && !model.reference.auto ? model.reference.value : '');
  const set = (patch: Record<string, unknown>) => store.getState().updateParams(nodeId, patch);
  // Open while something is left to decide when the node is first shown; then the person's choice.
  const [open, setOpen] = useState(() => model.chosen.length === 0 || model.missing.length > 0);
  const samePick = picked.length === model.chosen.length && picked.every((c) => model.chosen.includes(c));

  return (
    <details className="cf-fairness-setup" open={open} onToggle={(e) => setOpen(e.currentTarget.open)} data-testid="fairness-setup">
      <summary>
        <h3 id="cf-fairness-setup-h">Fairness setup</h3>
      </summary>

      <fieldset className="cf-setup-step">
        <legend>Who could be treated unfairly?</legend>
        {model.suggestions.length === 0 ? (
          <p className="cf-muted">No column of the input looks like a protected attribute by its name or values. Choose the protected columns under Settings.</p>
        ) : (
          <>
            <p className="cf-muted">Suggested from the columns’ names and values. Tick every attribute the law or your policy protects.</p>
            <ul className="cf-setup-suggestions">
              {model.suggestions.map((s) => (
                <li key={s.column}>
                  <label>
                    <input
                      type="checkbox"
                      checked={picked.includes(s.column)}
                      onChange={(e) => setPicked(e.target.checked ? [...picked, s.column] : picked.filter((c) => c !== s.column))}
                      data-testid={`suggest-${s.column}`}
                    />{' '}
                    <strong>{s.column}</strong> <span className="cf-muted">— {s.reason}</span>
                  </label>
                  {isNumber(s.column) && (
                    <p className="cf-setup-note" data-testid={`numeric-note-${s.column}`}>
                      A number: each distinct value would be its own group. Band it first (e.g. under 40 / 40 and over) with a derived column, then choose that.
                    </p>
                  )}
                </li>
              ))}
            </ul>
            <button
              type="button"
              className="cf-btn"
              disabled={picked.length === 0 || samePick}
              onClick={() => set({ protected: [...picked, ...model.chosen.filter((c) => !model.suggestions.some((s) => s.column === c))] })}
              data-testid="use-protected"
            >
              {samePick ? 'In use' : `Use ${picked.length} protected column${picked.length === 1 ? '' : 's'}`}
            </button>
            {model.chosen.length > 1 && <p className="cf-muted">Several columns are compared as intersections (e.g. “Female & Single”).</p>}
          </>
        )}
      </fieldset>

      {model.outcome && (
        <fieldset className="cf-setup-step" data-testid="outcome-question">
          <legend>
            Is <em>predicted {model.outcome.phrase}</em> the good outcome for the person?
          </legend>
          <label>
            <input type="radio" name={`${nodeId}-favourable`} checked={model.outcome.favourable} onChange={() => set({ favorablePrediction: '1' })} /> Yes (e.g. hired, promoted)
          </label>
          <label>
            <input type="radio" name={`${nodeId}-favourable`} checked={!model.outcome.favourable} onChange={() => set({ favorablePrediction: '0' })} data-testid="outcome-no" /> No, the
            opposite is good (e.g. predicted to leave)
          </label>
        </fieldset>
      )}

      {model.labelValues && (
        <div className="cf-setup-step">
          <label htmlFor={`${nodeId}-good-value`}>
            Which value of <strong>{model.labelValues.column}</strong> is the good outcome?
          </label>
          <select id={`${nodeId}-good-value`} value={model.labelValues.current} onChange={(e) => set({ favorable: e.target.value })}>
            {!model.labelValues.values.includes(model.labelValues.current) && <option value={model.labelValues.current}>Choose…</option>}
            {model.labelValues.values.map((v) => (
              <option key={v} value={v}>
                {v}
              </option>
            ))}
          </select>
        </div>
      )}

      {model.reference && (
        <fieldset className="cf-setup-step" data-testid="reference-step">
          <legend>Compared with</legend>
          {model.reference.auto ? (
            <p data-testid="reference-auto">Automatic: the group with the highest selection rate, named in the results after the run.</p>
          ) : (
            <p>
              The group <strong>{model.reference.value || '(least against most favoured)'}</strong>.{' '}
              <button type="button" className="cf-btn cf-btn-quiet" onClick={() => set({ privileged: AUTO_REFERENCE })}>
                Use automatic
              </button>
            </p>
          )}
          <label htmlFor={`${nodeId}-ref-group`}>Or name a reference group</label>
          <span className="cf-setup-inline">
            <input id={`${nodeId}-ref-group`} type="text" value={group} placeholder="e.g. Male" onChange={(e) => setGroup(e.target.value)} />
            <button type="button" className="cf-btn" disabled={group.trim() === ''} onClick={() => set({ privileged: group.trim() })}>
              Use this group
            </button>
          </span>
        </fieldset>
      )}
    </details>
  );
}
