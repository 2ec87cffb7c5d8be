import { useId, type ReactNode } from 'react';
import { explain } from '../glossary.ts';

/**
 * A small "?" that explains a term in plain words on hover and keyboard focus. Pass a glossary key
 * (`term`) or the text itself (`text`).
 */
export function Tip({ term, text, label }: { term?: string; text?: ReactNode; label?: string }) {
  const id = useId();
  const entry = term ? explain(term) : undefined;
  const body = text ?? entry?.text;
  if (!body) return null;
  return (
    <span className="cf-tip" tabIndex={0} role="button" aria-label={label ?? `What is ${entry?.term ?? 'this'}?`} aria-describedby={id}>
      ?
      <span role="tooltip" id={id} className="cf-tooltip">
        {body}
      </span>
    </span>
  );
}
