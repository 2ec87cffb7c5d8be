import { useId, type ReactNode } from 'react';
import { explainTerm } from '../glossary.ts';

/**
 * A term with its plain-language explanation from the glossary (or `text` for a term it lacks), shown on hover and on keyboard
 * focus (a tooltip tied to the term by aria-describedby).
 */
export function Term({ k, text, children }: { k: string; text?: string; children?: ReactNode }) {
  const id = useId();
  const entry = text ? { term: k, text } : explainTerm(k);
  if (!entry) return <>{children}</>;
  return (
    <span className="cf-term" tabIndex={0} aria-describedby={id}>
      {children ?? entry.term}
      <span role="tooltip" id={id} className="cf-tooltip">
        {entry.text}
      </span>
    </span>
  );
}
