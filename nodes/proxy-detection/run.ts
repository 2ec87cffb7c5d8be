import type { RunArgs, RunOutputs } from '../../src/core/node-definition.ts';
import { NodeError } from '../../src/core/errors.ts';
import { suggestFeatureColumns } from '../../src/ml/features/featurizer.ts';
import { encodeGroups } from '../../src/ml/fairness/groups.ts';
import { binFeature, groupAucs, mutualInformation, type ProxyScore } from '../../src/ml/fairness/proxy-detection.ts';
import type { description } from './index.ts';

export async function run({ inputs, params, ctx }: RunArgs<typeof description>): Promise<RunOutputs<typeof description>> {
  const t = inputs.table;
  const groups = encodeGroups(t, params.protected);
  const G = groups.labels.length;
  if (G < 2) throw new NodeError('The protected attribute has fewer than two groups, so nothing can be a proxy for it.', { field: 'protected' });
  const features = (params.features.length ? params.features : suggestFeatureColumns(t.columns, params.protected)).filter(
    (f) => !params.protected.includes(f),
  );
  if (features.length === 0) throw new NodeError('No feature to check: choose the features.', { field: 'features' });
  const scores: ProxyScore[] = [];
  for (const [k, name] of features.entries()) {
    const c = t.columns.find((x) => x.name === name);
    if (!c) throw new NodeError(`Feature "${name}" is not in the table.`, { column: name, field: 'features' });
    const aucs = groupAucs(c, t.nRows, groups.codes, G);
    const valid = aucs.filter((a) => !Number.isNaN(a));
    const macro = valid.reduce((s, a) => s + a, 0) / Math.max(1, valid.length);
    const worst = aucs.reduce((b, a, g) => (!Number.isNaN(a) && (b < 0 || a > aucs[b]) ? g : b), -1);
    const bf = binFeature(c, t.nRows, params.bins);
    const { mi, hB } = mutualInformation(bf.codes, bf.k, groups.codes, G);
    const nmi = hB > 0 ? mi / hB : 0;
    scores.push({
      feature: name,
      auc: valid.length ? macro : NaN,
      maxGroupAuc: worst >= 0 ? aucs[worst] : NaN,
      worstGroup: worst >= 0 ? groups.labels[worst] : '',
      mutualInformation: mi,
      normalizedMutualInformation: nmi,
      flagged: (worst >= 0 && aucs[worst] >= params.aucThreshold) || nmi >= params.miThreshold,
    });
    ctx.progress((k + 1) / features.length);
    await ctx.checkpoint();
  }
  scores.sort((a, b) => (b.maxGroupAuc || 0) - (a.maxGroupAuc || 0) || b.normalizedMutualInformation - a.normalizedMutualInformation);
  const flagged = scores.filter((s) => s.flagged);
  for (const s of flagged) {
    ctx.log(`"${s.feature}" may be a proxy for ${groups.columns.join(' × ')}: AUC ${s.maxGroupAuc.toFixed(3)}, normalised MI ${s.normalizedMutualInformation.toFixed(3)}.`, 'warn');
  }
  return {
    report: {
      kind: 'proxy-detection',
      title: `Proxies for ${groups.columns.join(' × ')}`,
      data: { protected: params.protected, groups: groups.labels, aucThreshold: params.aucThreshold, miThreshold: params.miThreshold, features: scores, flagged: flagged.map((s) => s.feature) },
    },
  };
}
