/** Picks several columns of an input: checkboxes once the input's columns are known, a comma-separated list before. */
import { useEffect, useState } from 'react';
import type { ParamSpec } from '../../core/params.ts';
import type { ColumnSchema } from '../../core/table/table.ts';

export function ColumnsPicker({
  spec,
  value,
  columns,
  onChange,
}: {
  spec: Extract<ParamSpec, { kind: 'columns' }>;
  value: string[];
  columns?: ColumnSchema[];
  onChange(v: string[]): void;
}) {
  const allowed = columns?.filter((c) => !spec.types || spec.types.includes(c.type));
  const [text, setText] = useState(value.join(', '));
  useEffect(() => setText(value.join(', ')), [value]);
  if (!allowed) {
    return (
      <input
        type="text"
        aria-label={`${spec.label ?? 'Columns'} (comma-separated)`}
        placeholder="Connect an input to pick columns"
        value={text}
        onChange={(e) => setText(e.target.value)}
        onBlur={() =>
          onChange(
            text
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean),
          )
        }
      />
    );
  }
  const chosen = new Set(value);
  const missing = value.filter((v) => !allowed.some((c) => c.name === v));
  const toggle = (name: string, on: boolean) => {
    // Keep the input's column order so results are stable.
    const next = allowed.map((c) => c.name).filter((n) => (n === name ? on : chosen.has(n)));
    onChange([...next, ...missing.filter((m) => m !== name)]);
  };
  return (
    <>
      <div className="cf-columns-actions">
        <button type="button" className="cf-link-btn" onClick={() => onChange(allowed.map((c) => c.name))}>
          Select all
        </button>
        <button type="button" className="cf-link-btn" onClick={() => onChange([])}>
          Clear
        </button>
        <span className="cf-muted">
          {value.length} of {allowed.length} chosen
        </span>
      </div>
      <ul className="cf-columns-list">
        {allowed.map((c) => (
          <li key={c.name}>
            <label>
              <input type="checkbox" checked={chosen.has(c.name)} onChange={(e) => toggle(c.name, e.target.checked)} />
              <span>{c.name}</span>
              <span className="cf-muted">
                {c.type}
                {c.role ? ` · ${c.role}` : ''}
              </span>
            </label>
          </li>
        ))}
        {missing.map((m) => (
          <li key={m} className="cf-field-error">
            <label>
              <input type="checkbox" checked onChange={() => toggle(m, false)} />
              <span>{m}</span>
              <span>not in the input</span>
            </label>
          </li>
        ))}
      </ul>
    </>
  );
}
