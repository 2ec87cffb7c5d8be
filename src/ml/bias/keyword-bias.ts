/**
 * Keyword bias in text models: which terms the model rewards or penalises, which terms are tied to a
 * protected group, which terms are both (proxies), and what the decisions look like per group.
 *
 * Group association uses the log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi &
 * Quinn 2008, "Fightin' Words", eq. 16–22): for term w, group i against the rest j,
 *   δ_w = ln((y_wi + α_w) / (n_i + α_0 − y_wi − α_w)) − ln((y_wj + α_w) / (n_j + α_0 − y_wj − α_w)),
 *   σ²(δ_w) ≈ 1/(y_wi + α_w) + 1/(y_wj + α_w),   z_w = δ_w / σ(δ_w),
 * where the prior α_w = priorScale · (corpus count of w) shrinks rare terms, and z ranks terms by
 * how reliably they separate the groups.
 */
import { CELLS_PER_GROUP, cellIds, countCells, ratesOf } from '../fairness/cells.ts';
import { ENGLISH_STOP_WORDS } from '../text/stop-words.ts';
import { forEachToken } from '../text/tokenize.ts';

export interface TermWeight {
  term: string;
  weight: number;
}

export interface TermAssociation {
  term: string;
  z: number;
  delta: number;
  countGroup: number;
  countOther: number;
}

export interface GroupTerms {
  group: string;
  versus: string;
  terms: TermAssociation[];
}

export interface ModelTerms {
  kind: string;
  /** 'coefficient': signed weights (linear models); 'importance': unsigned (trees). */
  weightKind: 'coefficient' | 'importance';
  positive: TermWeight[];
  negative: TermWeight[];
}

export interface GroupOutcome {
  group: string;
  n: number;
  selected: number;
  selectionRate: number;
  /** Of those selected, the share that were positive in the labels (NaN when nothing selected). */
  precision: number;
  /** Of the positives in the labels, the share selected. */
  recall: number;
  /** Selection rate divided by the reference group's (four-fifths rule: ≥ 0.8 passes). */
  impactRatio: number;
  passesFourFifths: boolean;
}

export interface LogOddsOptions {
  /** α_w = priorScale × corpus count of w. */
  priorScale?: number;
  /** Terms seen fewer times than this overall are left out. */
  minCount?: number;
  /** Word n-grams up to this length (1 = single words). */
  ngramMax?: number;
  top?: number;
}

/** Term counts per group (lowercased scikit-learn tokens, English stop words removed). */
export function countTermsByGroup(
  texts: ReadonlyArray<string | null>,
  groups: Int32Array,
  nGroups: number,
  ngramMax = 1,
): Map<string, Float64Array> {
  const counts = new Map<string, Float64Array>();
  const tokens: string[] = [];
  for (let i = 0; i < texts.length; i++) {
    const g = groups[i];
    const t = texts[i];
    if (g < 0 || t == null) continue;
    tokens.length = 0;
    forEachToken(t.toLowerCase(), (tok) => {
      if (!ENGLISH_STOP_WORDS.has(tok)) tokens.push(tok);
    });
    for (let a = 0; a < tokens.length; a++) {
      let term = '';
      for (let len = 1; len <= ngramMax && a + len <= tokens.length; len++) {
        term = len === 1 ? tokens[a] : `${term} ${tokens[a + len - 1]}`;
        let c = counts.get(term);
        if (!c) counts.set(term, (c = new Float64Array(nGroups)));
        c[g]++;
      }
    }
  }
  return counts;
}

/** For each group, the terms most associated with it against all other groups (highest z first). */
export function logOddsByGroup(
  counts: Map<string, Float64Array>,
  groupLabels: string[],
  o: LogOddsOptions = {},
): GroupTerms[] {
  const priorScale = o.priorScale ?? 0.1;
  const minCount = o.minCount ?? 5;
  const top = o.top ?? 20;
  const nGroups = groupLabels.length;
  const totals = new Float64Array(nGroups);
  let grand = 0;
  for (const c of counts.values()) {
    for (let g = 0; g < nGroups; g++) totals[g] += c[g];
  }
  for (let g = 0; g < nGroups; g++) grand += totals[g];
  const alpha0 = priorScale * grand;
  const out: GroupTerms[] = [];
  // with two groups, "the rest" is simply the other group
  const groupsToReport = nGroups === 2 ? [0, 1] : Array.from({ length: nGroups }, (_, g) => g);
  for (const gi of groupsToReport) {
    const ni = totals[gi];
    const nj = grand - ni;
    const terms: TermAssociation[] = [];
    for (const [term, c] of counts) {
      let all = 0;
      for (let g = 0; g < nGroups; g++) all += c[g];
      if (all < minCount) continue;
      const a = priorScale * all;
      const yi = c[gi];
      const yj = all - yi;
      const delta = Math.log((yi + a) / (ni + alpha0 - yi - a)) - Math.log((yj + a) / (nj + alpha0 - yj - a));
      const variance = 1 / (yi + a) + 1 / (yj + a);
      terms.push({ term, z: delta / Math.sqrt(variance), delta, countGroup: yi, countOther: yj });
    }
    terms.sort((x, y) => y.z - x.z || (x.term < y.term ? -1 : 1));
    out.push({
      group: groupLabels[gi],
      versus: nGroups === 2 ? groupLabels[1 - gi] : 'all others',
      terms: terms.slice(0, top),
    });
  }
  return out;
}

/** z-scores of every term for one group against the rest (for joining with model weights). */
export function zScoresFor(counts: Map<string, Float64Array>, group: number, nGroups: number, priorScale = 0.1): Map<string, number> {
  const totals = new Float64Array(nGroups);
  for (const c of counts.values()) for (let g = 0; g < nGroups; g++) totals[g] += c[g];
  let grand = 0;
  for (let g = 0; g < nGroups; g++) grand += totals[g];
  const alpha0 = priorScale * grand;
  const ni = totals[group];
  const nj = grand - ni;
  const z = new Map<string, number>();
  for (const [term, c] of counts) {
    let all = 0;
    for (let g = 0; g < nGroups; g++) all += c[g];
    const a = priorScale * all;
    const yi = c[group];
    const yj = all - yi;
    const delta = Math.log((yi + a) / (ni + alpha0 - yi - a)) - Math.log((yj + a) / (nj + alpha0 - yj - a));
    z.set(term, delta / Math.sqrt(1 / (yi + a) + 1 / (yj + a)));
  }
  return z;
}

/**
 * Every non-zero model weight of a text block's features. Feature names of a text block look like
 * "resume_text:python"; with `textBlock` only that block's features are kept, prefix dropped.
 */
export function termWeights(featureNames: string[], weights: ArrayLike<number>, textBlock?: string): TermWeight[] {
  const prefix = textBlock ? `${textBlock}:` : undefined;
  const items: TermWeight[] = [];
  for (let j = 0; j < featureNames.length; j++) {
    const name = featureNames[j];
    if (prefix && !name.startsWith(prefix)) continue;
    const w = weights[j];
    if (w === 0 || !Number.isFinite(w)) continue;
    items.push({ term: prefix ? name.slice(prefix.length) : name, weight: w });
  }
  return items;
}

/** The model's strongest terms: most positive and (for signed weights) most negative. */
export function modelTerms(kind: string, items: TermWeight[], weightKind: 'coefficient' | 'importance', top = 20): ModelTerms {
  const positive = items
    .filter((t) => t.weight > 0)
    .sort((a, b) => b.weight - a.weight || (a.term < b.term ? -1 : 1))
    .slice(0, top);
  const negative =
    weightKind === 'coefficient'
      ? items
          .filter((t) => t.weight < 0)
          .sort((a, b) => a.weight - b.weight || (a.term < b.term ? -1 : 1))
          .slice(0, top)
      : [];
  return { kind, weightKind, positive, negative };
}

/**
 * Selection rate, precision and recall per group, and each group's selection rate relative to the
 * reference group (the given one, else the group with the highest rate): the four-fifths rule.
 * predicted / actual: 1, 0, or -1 when missing.
 */
export function groupOutcomes(
  groups: Int32Array,
  groupLabels: string[],
  predicted: Int8Array,
  actual: Int8Array,
  reference?: string,
): { outcomes: GroupOutcome[]; reference: string } {
  // the fairness toolkit's counting kernel: group × predicted × actual cells, then rates per group
  const cells = countCells(cellIds(groups, predicted, actual), groupLabels.length);
  const rates = groupLabels.map((_, g) => ratesOf(cells, g * CELLS_PER_GROUP));
  let ref = reference ? groupLabels.indexOf(reference) : -1;
  if (ref < 0) {
    ref = 0;
    for (let g = 1; g < rates.length; g++) if (!(rates[g].selectionRate <= rates[ref].selectionRate)) ref = g;
  }
  const outcomes = groupLabels.map((group, g): GroupOutcome => {
    const r = rates[g];
    const impactRatio = r.selectionRate / rates[ref].selectionRate;
    return {
      group,
      n: r.n,
      selected: r.selected,
      selectionRate: r.selectionRate,
      precision: r.precision,
      recall: r.tpr,
      impactRatio,
      passesFourFifths: impactRatio >= 0.8,
    };
  });
  return { outcomes, reference: groupLabels[ref] };
}

export interface ProxyTerm {
  term: string;
  weight: number;
  /** Association with the group (z); positive = more used by that group. */
  z: number;
  group: string;
}

/**
 * Proxies: terms the model weighs heavily that are also strongly tied to a group (|z| ≥ zMin), ordered
 * by the size of the weight. For linear models a proxy with a negative weight and a positive z for a
 * disadvantaged group is the pattern the historical bias leaves.
 */
export function proxyTerms(items: TermWeight[], z: Map<string, number>, group: string, zMin = 3, top = 15): ProxyTerm[] {
  return items
    .map((t) => ({ term: t.term, weight: t.weight, z: z.get(t.term) ?? 0, group }))
    .filter((t) => Math.abs(t.z) >= zMin)
    .sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight))
    .slice(0, top);
}
