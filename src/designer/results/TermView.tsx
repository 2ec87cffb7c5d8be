import { useMemo, useState, type CSSProperties } from 'react';
import type { Document } from '../../core/ports.ts';
import type { KeywordBiasSide as Side } from '../../../nodes/keyword-bias-report/index.ts';
import { formatNumber, formatPercent } from './format.ts';

/**
 * The keyword bias report (Document kind 'keyword-bias', from the keyword-bias-report node): per group
 * outcomes with the four-fifths check, the model's strongest words, the words tied to each group, the
 * proxies (both), and a sample resume with those words highlighted. Before/after anonymisation side by side.
 */


export type HighlightKind = 'raises' | 'lowers' | 'group' | 'plain';

export interface Segment {
  text: string;
  kind: HighlightKind;
}

/**
 * Splits text into words and the text between them, marking words (case-insensitive) the model raises or
 * lowers the score for, or that are tied to the group. Model words win over group words.
 */
export function highlightSegments(text: string, raises: Set<string>, lowers: Set<string>, group: Set<string>): Segment[] {
  const out: Segment[] = [];
  const re = /[\p{L}\p{N}_]{2,}/gu;
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const w = m[0].toLowerCase();
    const kind: HighlightKind = raises.has(w) ? 'raises' : lowers.has(w) ? 'lowers' : group.has(w) ? 'group' : 'plain';
    if (kind === 'plain') continue;
    if (m.index > last) out.push({ text: text.slice(last, m.index), kind: 'plain' });
    out.push({ text: m[0], kind });
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push({ text: text.slice(last), kind: 'plain' });
  return out;
}

const MARK_STYLE: Record<Exclude<HighlightKind, 'plain'>, CSSProperties> = {
  raises: { background: 'rgba(46, 160, 67, 0.25)', borderRadius: 3 },
  lowers: { background: 'rgba(218, 54, 51, 0.25)', borderRadius: 3 },
  group: { background: 'transparent', textDecoration: 'underline wavy rgba(191, 135, 0, 0.9)' },
};

function TermBars({ title, terms, max, colour }: { title: string; terms: Array<{ term: string; weight: number }>; max: number; colour: string }) {
  if (terms.length === 0) return null;
  return (
    <div>
      <h5>{title}</h5>
      <table className="cf-kv">
        <tbody>
          {terms.map((t) => (
            <tr key={t.term}>
              <td>{t.term}</td>
              <td style={{ width: '50%' }}>
                <div
                  aria-hidden
                  style={{ height: 8, width: `${Math.max(2, (100 * Math.abs(t.weight)) / max)}%`, background: colour, borderRadius: 2 }}
                />
              </td>
              <td className="cf-muted">{formatNumber(Math.round(t.weight * 1000) / 1000)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Outcomes({ side }: { side: Side }) {
  return (
    <table className="cf-kv" data-testid="term-view-outcomes">
      <thead>
        <tr>
          <th>Group</th>
          <th>Rows</th>
          <th>Selected</th>
          <th>Precision</th>
          <th>Recall</th>
          <th title={`Selection rate relative to ${side.reference}; the four-fifths rule asks for at least 0.8`}>Ratio</th>
        </tr>
      </thead>
      <tbody>
        {side.outcomes.map((o) => (
          <tr key={o.group}>
            <td>{o.group}</td>
            <td>{o.n}</td>
            <td>{formatPercent(o.selectionRate)}</td>
            <td>{formatPercent(o.precision)}</td>
            <td>{formatPercent(o.recall)}</td>
            <td>
              {formatNumber(Math.round(o.impactRatio * 100) / 100)} {o.passesFourFifths ? '✓' : '✗ below 0.8'}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function SideView({ side }: { side: Side }) {
  const [sample, setSample] = useState(0);
  const sets = useMemo(
    () => ({
      raises: new Set((side.model?.weightKind === 'coefficient' ? side.model.positive : []).map((t) => t.term)),
      lowers: new Set((side.model?.negative ?? []).map((t) => t.term)),
      group: new Set((side.groupTerms.find((g) => g.group === side.focusGroup)?.terms ?? []).map((t) => t.term)),
    }),
    [side],
  );
  const maxWeight = Math.max(1e-12, ...[...(side.model?.positive ?? []), ...(side.model?.negative ?? [])].map((t) => Math.abs(t.weight)));
  const text = side.samples[sample]?.text;
  const segments = useMemo(() => (text ? highlightSegments(text, sets.raises, sets.lowers, sets.group) : []), [text, sets]);
  return (
    <section aria-label={side.label} style={{ minWidth: 0 }}>
      <h4>{side.label}</h4>
      <Outcomes side={side} />
      {side.model && (
        <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(220px, 1fr))', gap: 12 }}>
          <TermBars
            title={side.model.weightKind === 'coefficient' ? 'Words that raise the score' : 'Most important words'}
            terms={side.model.positive}
            max={maxWeight}
            colour="rgb(46, 160, 67)"
          />
          <TermBars title="Words that lower the score" terms={side.model.negative} max={maxWeight} colour="rgb(218, 54, 51)" />
        </div>
      )}
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(220px, 1fr))', gap: 12 }}>
        {side.groupTerms.map((g) => (
          <div key={g.group}>
            <h5>
              Words tied to {g.group} <span className="cf-muted">(vs {g.versus}, z-score)</span>
            </h5>
            <p className="cf-muted">{g.terms.map((t) => `${t.term} ${formatNumber(Math.round(t.z * 10) / 10)}`).join(' · ') || 'none'}</p>
          </div>
        ))}
      </div>
      {side.proxies.length > 0 && (
        <div data-testid="term-view-proxies">
          <h5>Possible proxies for {side.focusGroup}: the model leans on them and they give the group away</h5>
          <table className="cf-kv">
            <tbody>
              {side.proxies.map((p) => (
                <tr key={p.term}>
                  <td>{p.term}</td>
                  <td>weight {formatNumber(Math.round(p.weight * 1000) / 1000)}</td>
                  <td className="cf-muted">z {formatNumber(Math.round(p.z * 10) / 10)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {text && (
        <div>
          <h5>
            A {side.focusGroup} applicant the labels call qualified but the model did not select{' '}
            {side.samples.length > 1 && (
              <select aria-label="Sample resume" value={sample} onChange={(e) => setSample(Number(e.target.value))}>
                {side.samples.map((s, i) => (
                  <option key={i} value={i}>
                    #{i + 1} (score {formatNumber(Math.round(s.score * 100) / 100)})
                  </option>
                ))}
              </select>
            )}
          </h5>
          <p className="cf-muted">
            <mark style={MARK_STYLE.raises}>raises the score</mark> · <mark style={MARK_STYLE.lowers}>lowers the score</mark> ·{' '}
            <span style={MARK_STYLE.group}>tied to {side.focusGroup}</span>
          </p>
          <pre style={{ whiteSpace: 'pre-wrap', maxHeight: 320, overflow: 'auto' }} data-testid="term-view-sample">
            {segments.map((s, i) =>
              s.kind === 'plain' ? (
                <span key={i}>{s.text}</span>
              ) : s.kind === 'group' ? (
                <span key={i} style={MARK_STYLE.group}>
                  {s.text}
                </span>
              ) : (
                <mark key={i} style={MARK_STYLE[s.kind]}>
                  {s.text}
                </mark>
              ),
            )}
          </pre>
        </div>
      )}
    </section>
  );
}

/** Viewer for a 'keyword-bias' report Document. */
export function TermView({ value }: { value: Document }) {
  const data = value.data as { protected?: string; before?: Side; after?: Side };
  if (!data.before) return <p className="cf-muted">This report has no keyword data.</p>;
  const sides = data.after ? [data.before, data.after] : [data.before];
  return (
    <div className="cf-term-view" data-testid="term-view">
      {value.title && <h3>{value.title}</h3>}
      <div style={{ display: 'grid', gridTemplateColumns: `repeat(${sides.length}, minmax(0, 1fr))`, gap: 16 }}>
        {sides.map((s) => (
          <SideView key={s.label} side={s} />
        ))}
      </div>
    </div>
  );
}
