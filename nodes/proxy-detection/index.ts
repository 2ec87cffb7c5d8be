import { NodeError } from '../../src/core/errors.ts';
import { defineNode } from '../../src/core/node-definition.ts';
import { param } from '../../src/core/params.ts';
import { suggestFeatureColumns } from '../../src/ml/features/featurizer.ts';
import { encodeGroups } from '../../src/ml/fairness/groups.ts';
import { binFeature, groupAucs, mutualInformation, type ProxyScore } from '../../src/ml/fairness/proxy-detection.ts';

export const proxyDetection = defineNode({
  type: 'proxy-detection',
  version: 1,
  title: 'Proxy detection',
  phase: 'data-understanding',
  category: 'Fairness',
  summary: 'Ranks features by how well they reveal a protected attribute (AUC, mutual information) and flags likely proxies.',
  inputs: { table: { type: 'table', label: 'Table' } },
  outputs: { report: { type: 'report', label: 'Proxy ranking' } },
  params: {
    protected: param.columns({ from: 'table', types: ['category', 'integer', 'boolean', 'text'], label: 'Protected columns', minItems: 1 }),
    features: param.columns({
      from: 'table',
      types: ['number', 'integer', 'boolean', 'category', 'text'],
      label: 'Features',
      help: 'Columns to check. Empty: every feature column (not the target, identifiers or protected columns).',
    }),
    aucThreshold: param.number({ default: 0.7, min: 0.5, max: 1, step: 0.01, label: 'AUC flag threshold', help: 'Flag features whose AUC for the protected attribute reaches this (0.5 = no information).' }),
    miThreshold: param.number({ default: 0.1, min: 0, max: 1, step: 0.01, label: 'Mutual information flag threshold', help: 'Flag features whose normalised mutual information reaches this (0 = independent, 1 = determines the group).' }),
    bins: param.integer({ default: 10, min: 2, max: 100, label: 'Bins for numbers', advanced: true }),
  },
  schema() {
    return { report: { kind: 'proxy-detection' } };
  },
  async run({ inputs, params, ctx }) {
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
  },
});
