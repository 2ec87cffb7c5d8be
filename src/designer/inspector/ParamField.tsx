/**
 * One param's control in the inspector, chosen by the param's kind (number, text, checkbox, options,
 * column, columns), with its label, help tip and problems. Parts: the draft that commits typed text
 * when valid and idle (use-draft.ts), the several-columns picker (ColumnsPicker.tsx) and the problem
 * list (FieldMessages.tsx).
 */
import { useId } from 'react';
import { checkParamValue, type ParamSpec } from '../../core/params.ts';
import type { ColumnSchema } from '../../core/table/table.ts';
import { Tip } from '../ui/Tip.tsx';
import { ColumnsPicker } from './ColumnsPicker.tsx';
import { FieldMessages } from './FieldMessages.tsx';
import { parseNumber, useDraft } from './use-draft.ts';

export interface ParamFieldProps {
  name: string;
  spec: ParamSpec;
  value: unknown;
  /** Columns of the input the param picks from (undefined: not known yet). */
  columns?: ColumnSchema[];
  /** Problems the compiler reported for this param. */
  problems: string[];
  onChange(value: unknown): void;
}

export function ParamField({ name, spec, value, columns, problems, onChange }: ParamFieldProps) {
  const id = useId();
  const msgId = `${id}-msg`;
  const label = spec.label ?? name;
  const isNumeric = spec.kind === 'number' || spec.kind === 'integer';
  const commitText = (text: string) => {
    if (isNumeric) {
      const n = parseNumber(text);
      if (checkParamValue(spec, n) === null && n !== value) onChange(n);
    } else if (text !== value) onChange(text);
  };
  const draft = useDraft(value, commitText);
  const localProblem =
    isNumeric ? checkParamValue(spec, parseNumber(draft.draft)) : spec.kind === 'string' ? checkParamValue(spec, draft.draft) : null;
  const messages = [...(localProblem ? [`${label} ${localProblem}.`] : []), ...problems.filter((p) => !localProblem || !p.includes(localProblem))];
  const invalid = messages.length > 0;
  const describedBy = invalid ? msgId : undefined;

  // The help tip sits beside the label, not inside it, so the field's accessible name is just the label.
  const labelEl = (
    <span className="cf-field-label-row">
      <label htmlFor={id} className="cf-field-label">
        {label}
      </label>
      {spec.help && <Tip text={spec.help} label={`About ${label}`} />}
    </span>
  );

  // What every text-like control shares: the draft value, validation state, and commit on blur.
  const draftProps = {
    value: draft.draft,
    'aria-invalid': invalid || undefined,
    'aria-describedby': describedBy,
    'data-param': name,
    onFocus: () => draft.setFocused(true),
    onBlur: () => {
      draft.setFocused(false);
      draft.flush();
    },
    onChange: (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => draft.change(e.target.value),
  };

  let control: React.ReactNode;
  switch (spec.kind) {
    case 'number':
    case 'integer':
      control = (
        <input
          id={id}
          type="number"
          inputMode="decimal"
          min={spec.min}
          max={spec.max}
          step={spec.kind === 'integer' ? 1 : (spec.step ?? 'any')}
          {...draftProps}
          onKeyDown={(e) => e.key === 'Enter' && draft.flush()}
        />
      );
      break;
    case 'string':
      control = spec.multiline ? (
        <textarea
          id={id}
          rows={4}
          {...draftProps}
        />
      ) : (
        <input
          id={id}
          type="text"
          {...draftProps}
          onKeyDown={(e) => e.key === 'Enter' && draft.flush()}
        />
      );
      break;
    case 'boolean':
      return (
        <div className="cf-field cf-field-check">
          <input
            id={id}
            type="checkbox"
            checked={value === true}
            data-param={name}
            aria-describedby={describedBy}
            onChange={(e) => onChange(e.target.checked)}
          />
          {labelEl}
          {invalid && <FieldMessages id={msgId} messages={messages} />}
        </div>
      );
    case 'enum':
      control = (
        <select
          id={id}
          value={String(value)}
          data-param={name}
          aria-invalid={invalid || undefined}
          aria-describedby={describedBy}
          onChange={(e) => onChange(e.target.value)}
        >
          {spec.options.map((o) => (
            <option key={o} value={o}>
              {spec.optionLabels?.[o] ?? o}
            </option>
          ))}
        </select>
      );
      break;
    case 'column': {
      const allowed = columns?.filter((c) => !spec.types || spec.types.includes(c.type));
      const current = typeof value === 'string' ? value : '';
      control = allowed ? (
        <select
          id={id}
          value={current}
          data-param={name}
          aria-invalid={invalid || undefined}
          aria-describedby={describedBy}
          onChange={(e) => onChange(e.target.value)}
        >
          <option value="">{spec.optional ? '(none)' : 'Choose a column…'}</option>
          {current && !allowed.some((c) => c.name === current) && <option value={current}>{current} (not in input)</option>}
          {allowed.map((c) => (
            <option key={c.name} value={c.name}>
              {c.name} · {c.type}
              {c.role ? ` · ${c.role}` : ''}
            </option>
          ))}
        </select>
      ) : (
        <input
          id={id}
          type="text"
          value={draft.draft}
          placeholder="Connect an input to pick a column"
          data-param={name}
          aria-invalid={invalid || undefined}
          aria-describedby={describedBy}
          onFocus={() => draft.setFocused(true)}
          onBlur={() => {
            draft.setFocused(false);
            draft.flush();
          }}
          onChange={(e) => draft.change(e.target.value)}
        />
      );
      break;
    }
    case 'columns':
      return (
        <fieldset className="cf-field cf-field-columns" aria-describedby={describedBy} data-param={name}>
          <legend className="cf-field-label">
            {label}
            {spec.help && <Tip text={spec.help} label={`About ${label}`} />}
          </legend>
          <ColumnsPicker spec={spec} value={Array.isArray(value) ? (value as string[]) : []} columns={columns} onChange={onChange} />
          {invalid && <FieldMessages id={msgId} messages={messages} />}
        </fieldset>
      );
  }
  return (
    <div className="cf-field">
      {labelEl}
      {control}
      {invalid && <FieldMessages id={msgId} messages={messages} />}
    </div>
  );
}
