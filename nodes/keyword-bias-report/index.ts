import { NodeError } from '../../src/core/errors.ts';
import { defineNode } from '../../src/core/node-definition.ts';
import { param } from '../../src/core/params.ts';
import type { Model } from '../../src/core/ports.ts';
import type { Table } from '../../src/core/table/table.ts';
import {
  countTermsByGroup,
  groupOutcomes,
  logOddsByGroup,
  modelTerms,
  proxyTerms,
  termWeights,
  zScoresFor,
  type GroupOutcome,
  type GroupTerms,
  type ModelTerms,
  type ProxyTerm,
} from '../../src/ml/bias/keyword-bias.ts';
import { binaryOutcome, encodeColumn } from '../../src/ml/fairness/groups.ts';
import { predictionColumns } from '../../src/ml/fairness/prediction-columns.ts';
import { AUTO_REFERENCE, isAutoReference } from '../../src/ml/fairness/fairness-metrics.ts';
import { textValues } from '../../src/ml/text/text-column.ts';

/** One side of the report (before, or after anonymisation). */
export interface KeywordBiasSide {
  label: string;
  outcomes: GroupOutcome[];
  reference: string;
  /** The group with the lowest selection rate: whose proxies and samples are shown. */
  focusGroup: string;
  groupTerms: GroupTerms[];
  model?: ModelTerms;
  proxies: ProxyTerm[];
  samples: Array<{ group: string; score: number; actual: number; text: string }>;
}

interface SideParams {
  protected: string;
  text: string;
  privileged: string;
  top: number;
  priorScale: number;
  minCount: number;
  ngramMax: number;
  zMin: number;
}

function modelWeights(model: Model): { weights: ArrayLike<number>; kind: 'coefficient' | 'importance' } | undefined {
  const s = model.state as { coef?: ArrayLike<number>; importances?: ArrayLike<number> };
  if (s.coef && s.coef.length === model.featureNames.length) return { weights: s.coef, kind: 'coefficient' };
  if (s.importances && s.importances.length === model.featureNames.length) return { weights: s.importances, kind: 'importance' };
  return undefined;
}

function analyse(t: Table, model: Model | undefined, p: SideParams, label: string, port: string): KeywordBiasSide {
  const cols = predictionColumns(t);
  if (!cols.predicted) {
    throw new NodeError(`The ${port} input has no "predicted" column. Connect the predictions output of a model.`, { field: port });
  }
  const groups = encodeColumn(t, p.protected);
  if (groups.labels.length < 2) {
    throw new NodeError(
      `Protected column "${p.protected}" has ${groups.labels.length} value(s) in the ${port} input; comparing groups needs at least two.`,
      { column: p.protected, field: 'protected' },
    );
  }
  const chosen = isAutoReference(p.privileged) ? '' : p.privileged;
  if (chosen && !groups.labels.includes(chosen)) {
    throw new NodeError(
      `Reference group "${p.privileged}" does not occur in "${p.protected}" (values: ${groups.labels.join(', ')}). Choose one of them, or "auto" for the group selected most often.`,
      { field: 'privileged' },
    );
  }
  const predicted = binaryOutcome(t, cols.predicted, '1', 'predicted');
  const actual = cols.actual ? binaryOutcome(t, cols.actual, '1', 'actual') : new Int8Array(t.nRows).fill(-1);
  const { outcomes, reference } = groupOutcomes(groups.codes, groups.labels, predicted, actual, chosen || undefined);
  let focus = outcomes[0];
  for (const o of outcomes) if (o.group !== reference && (focus.group === reference || o.selectionRate < focus.selectionRate)) focus = o;
  const focusIndex = groups.labels.indexOf(focus.group);

  const texts = textValues(t, p.text, port);
  const counts = countTermsByGroup(texts, groups.codes, groups.labels.length, p.ngramMax);
  const groupTerms = logOddsByGroup(counts, groups.labels, { priorScale: p.priorScale, minCount: p.minCount, top: p.top });

  let modelSummary: ModelTerms | undefined;
  let proxies: ProxyTerm[] = [];
  if (model) {
    const w = modelWeights(model);
    if (w) {
      const block = (model.featurizer as { sparse?: { name: string } } | undefined)?.sparse?.name;
      const items = termWeights(model.featureNames, w.weights, block);
      modelSummary = modelTerms(model.kind, items, w.kind, p.top);
      proxies = proxyTerms(items, zScoresFor(counts, focusIndex, groups.labels.length, p.priorScale), focus.group, p.zMin, p.top);
    }
  }

  // Qualified by the labels but not selected, from the focus group: the people the bias costs.
  const score = cols.score ? t.columns.find((c) => c.name === cols.score) : undefined;
  const scores = score && score.type !== 'category' && score.type !== 'text' ? score.values : undefined;
  const candidates: number[] = [];
  for (let i = 0; i < t.nRows && candidates.length < 200; i++) {
    if (groups.codes[i] === focusIndex && predicted[i] === 0 && actual[i] === 1 && texts[i]) candidates.push(i);
  }
  if (scores) candidates.sort((a, b) => scores[b] - scores[a]);
  const samples = candidates.slice(0, 3).map((i) => ({
    group: focus.group,
    score: scores ? scores[i] : NaN,
    actual: actual[i],
    text: (texts[i] as string).slice(0, 4000),
  }));
  return { label, outcomes, reference, focusGroup: focus.group, groupTerms, model: modelSummary, proxies, samples };
}

export const keywordBiasReport = defineNode({
  type: 'keyword-bias-report',
  version: 1,
  title: 'Keyword bias report',
  phase: 'evaluation',
  category: 'Fairness',
  summary: 'Which words the model rewards, which words give away a protected group, and how each group fares — before and after anonymising.',
  inputs: {
    predictions: { type: 'predictions', label: 'Predictions', help: 'Predictions of a text model (they carry the text and the protected column).' },
    model: { type: 'model', label: 'Model', optional: true, help: 'The model that made them, to list its strongest words.' },
    after: {
      type: 'predictions',
      label: 'Predictions (after)',
      optional: true,
      help: 'Optional: predictions of the same kind of model trained on anonymised text, shown side by side.',
    },
    afterModel: { type: 'model', label: 'Model (after)', optional: true },
  },
  outputs: { report: { type: 'report', label: 'Keyword bias report' } },
  params: {
    protected: param.column({ from: 'predictions', role: 'protected', label: 'Protected column', help: 'The group to compare, e.g. gender.' }),
    text: param.column({ from: 'predictions', types: ['text'], role: 'text', label: 'Text column', help: 'The text the model read, e.g. resume_text.' }),
    privileged: param.string({
      default: AUTO_REFERENCE,
      label: 'Reference group',
      help: 'Selection rates are compared with this group. "auto" (or empty): the group selected most often, as Local Law 144 impact ratios do; or name a group, e.g. Male.',
    }),
    top: param.integer({ default: 20, min: 1, max: 200, label: 'Words to list', help: 'How many words to show in each list.' }),
    ngramMax: param.integer({ default: 1, min: 1, max: 3, label: 'Phrase length', help: '1 compares single words; 2 also two-word phrases.', advanced: true }),
    minCount: param.integer({ default: 5, min: 1, label: 'Minimum occurrences', help: 'Ignore words seen fewer times than this.', advanced: true }),
    priorScale: param.number({
      default: 0.1,
      min: 0,
      exclusiveMin: true,
      label: 'Prior strength',
      help: 'How strongly rare words are pulled towards "no difference" (the informative Dirichlet prior, as a share of the word counts).',
      advanced: true,
    }),
    zMin: param.number({
      default: 3,
      min: 0,
      label: 'Proxy threshold (z)',
      help: 'A model word counts as a proxy when its association with the group has |z| at least this (3 ≈ very unlikely by chance).',
      advanced: true,
    }),
  },
  schema({ inputs, params }) {
    const t = inputs.predictions;
    if (t) {
      const col = t.columns.find((c) => c.name === params.text);
      if (params.text && col && col.type !== 'text') throw new Error(`Column "${params.text}" is ${col.type}, not text. Choose the text column.`);
    }
    return { report: { kind: 'keyword-bias' } };
  },
  async run({ inputs, params, ctx }) {
    const p: SideParams = { ...params };
    const hasAfter = inputs.after !== undefined;
    const before = analyse(inputs.predictions, inputs.model, p, hasAfter ? 'Before anonymisation' : 'Model', 'predictions');
    await ctx.checkpoint();
    const after = inputs.after ? analyse(inputs.after, inputs.afterModel, p, 'After anonymisation', 'after') : undefined;
    const fmt = (o: GroupOutcome) => `${o.group} ${(100 * o.selectionRate).toFixed(1)}% (ratio ${o.impactRatio.toFixed(2)})`;
    if (!p.privileged.trim() || isAutoReference(p.privileged)) {
      ctx.log(`Reference group chosen automatically: "${before.reference}" (selected most often)${after && after.reference !== before.reference ? `; after: "${after.reference}"` : ''}.`);
    }
    ctx.log(`Selection rates: ${before.outcomes.map(fmt).join(', ')}${after ? `; after: ${after.outcomes.map(fmt).join(', ')}` : ''}.`);
    return {
      report: {
        kind: 'keyword-bias',
        title: `Keyword bias by ${params.protected}`,
        data: { protected: params.protected, textColumn: params.text, before, ...(after ? { after } : {}) },
      },
    };
  },
});
