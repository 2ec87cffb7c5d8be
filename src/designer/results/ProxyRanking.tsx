import type { Document } from '../../core/ports.ts';
import { DocumentViewer } from './DocumentViewer.tsx';
import { proxyRankingOf, round2, type ProxyStrength } from './proxy-ranking.ts';
import { Term } from './Term.tsx';
import './report-viewers.css';

const FLAG_TEXT: Record<ProxyStrength, string> = { strong: 'Strong proxy', possible: 'Possible proxy', none: '' };
const AUC_TEXT =
  'How well this feature alone tells people of one group from the rest (the group it reveals best). 0.50 reveals nothing, 1.00 tells them apart perfectly.';
const NMI_TEXT = 'Normalised mutual information: the share of the group information this feature carries. 0 = independent, 1 = determines the group.';

/** Proxy detection: features ranked by how much they reveal the protected attribute, as bars with flags. */
export function ProxyRanking({ doc }: { doc: Document }) {
  const ranking = proxyRankingOf(doc.data);
  if (!ranking) return <DocumentViewer doc={doc} />;
  const strong = ranking.rows.filter((r) => r.strength === 'strong').length;
  const possible = ranking.rows.filter((r) => r.strength === 'possible').length;
  const attribute = ranking.protectedColumns.join(' × ') || 'the protected attribute';
  return (
    <div className="cf-proxy-ranking" data-testid="proxy-ranking">
      <h3>{doc.title ?? `Proxies for ${attribute}`}</h3>
      <p data-testid="proxy-summary">
        {strong + possible === 0
          ? `No feature reveals ${attribute} beyond the thresholds (AUC ${round2(ranking.aucThreshold)}, information ${round2(ranking.miThreshold)}).`
          : `${strong} strong and ${possible} possible ${strong + possible === 1 ? 'proxy' : 'proxies'} for ${attribute}. A proxy lets a model treat groups differently even without the protected column: consider leaving it out or checking fairness with and without it.`}
      </p>
      <table className="cf-proxy-table">
        <caption className="cf-muted">Features ranked by how well they reveal {attribute}; flags at AUC ≥ {round2(ranking.aucThreshold)} or information ≥ {round2(ranking.miThreshold)}.</caption>
        <thead>
          <tr>
            <th scope="col">Feature</th>
            <th scope="col">
              <Term k="Proxy AUC" text={AUC_TEXT}>
                Reveals group (AUC)
              </Term>
            </th>
            <th scope="col">
              Bar
            </th>
            <th scope="col">
              <Term k="Shared information" text={NMI_TEXT}>
                Shared information
              </Term>
            </th>
            <th scope="col">Group it reveals best</th>
            <th scope="col">Flag</th>
          </tr>
        </thead>
        <tbody>
          {ranking.rows.map((r) => (
            <tr key={r.feature} className={`cf-proxy-${r.strength}`} data-testid="proxy-row" data-strength={r.strength}>
              <th scope="row">{r.feature}</th>
              <td className="cf-num">{round2(r.auc)}</td>
              <td>
                <div className="cf-proxy-bar-track" aria-hidden="true">
                  <span className="cf-proxy-bar" style={{ width: `${Math.round(r.bar * 100)}%` }} />
                </div>
              </td>
              <td className="cf-num">{round2(r.nmi)}</td>
              <td>{r.worstGroup || '—'}</td>
              <td>{r.strength !== 'none' && <span className={`cf-proxy-flag cf-proxy-flag-${r.strength}`}>{FLAG_TEXT[r.strength]}</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
