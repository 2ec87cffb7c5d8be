import type { PiiFinding } from '../../ml/privacy/pii-scan.ts';
import { PII_KIND_LABELS } from '../../ml/privacy/pii-kinds.ts';

/** "a", "a and b", "a, b and c". */
function listOf(names: string[]): string {
  return names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/**
 * Shown with an uploaded dataset when the import's PII scan found columns of personal data: which
 * columns, what they seem to hold and how that was found, then what to do (once per kind of advice).
 */
export function PiiNotice({ findings }: { findings: PiiFinding[] | undefined }) {
  if (!findings || findings.length === 0) return null;
  const byAdvice = new Map<string, string[]>();
  for (const f of findings) byAdvice.set(f.advice, [...(byAdvice.get(f.advice) ?? []), f.column]);
  return (
    <details className="cf-pii-notice" data-testid="pii-notice" open>
      <summary className="cf-warn">
        Personal data in {findings.length} {findings.length === 1 ? 'column' : 'columns'}
      </summary>
      <ul className="cf-pii-list">
        {findings.map((f) => (
          <li key={f.column} data-testid="pii-finding" data-column={f.column} data-kind={f.kind}>
            <code>{f.column}</code>: {PII_KIND_LABELS[f.kind]}{' '}
            <span className="cf-muted">
              ({f.by === 'name' ? 'by its name' : `${f.by === 'values' ? 'by its values' : 'by its name and values'}, ${Math.round((f.share ?? 0) * 100)}% of ${f.sampled} sampled cells`})
            </span>
          </li>
        ))}
      </ul>
      {[...byAdvice].map(([advice, columns]) => (
        <p key={advice} className="cf-pii-advice" data-testid="pii-advice">
          What to do with {listOf(columns)}: {advice}.
        </p>
      ))}
    </details>
  );
}
