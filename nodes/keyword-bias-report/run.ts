import type { RunArgs, RunOutputs } from '../../src/core/node-definition.ts';
import { NodeError } from '../../src/core/errors.ts';
import type { Model } from '../../src/core/ports.ts';
import type { Table } from '../../src/core/table/table.ts';
import { countTermsByGroup, groupOutcomes, logOddsByGroup, modelTerms, proxyTerms, termWeights, zScoresFor, type GroupOutcome, type ModelTerms, type ProxyTerm } from '../../src/ml/bias/keyword-bias.ts';
import { binaryOutcome, encodeColumn } from '../../src/ml/fairness/groups.ts';
import { predictionColumns } from '../../src/ml/fairness/prediction-columns.ts';
import { isAutoReference } from '../../src/ml/fairness/fairness-metrics.ts';
import { textValues } from '../../src/ml/text/text-column.ts';
import type { description, KeywordBiasSide } from './index.ts';

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

export async function run({ inputs, params, ctx }: RunArgs<typeof description>): Promise<RunOutputs<typeof description>> {
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
}
