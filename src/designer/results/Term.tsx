import { useId, type ReactNode } from 'react';
import { explainTerm } from '../glossary.ts';

/**
 * A term with its plain-language explanation from the glossary, shown on hover and on keyboard
 * focus (a tooltip tied to the term by aria-describedby).
 */
export function Term({ k, children }: { k: string; children?: ReactNode }) {
  const id = useId();
  const entry = explainTerm(k);
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
