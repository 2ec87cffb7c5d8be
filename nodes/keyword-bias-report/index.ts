import { describeNode, withLazyRun } from '../../src/core/node-definition.ts';
import { param } from '../../src/core/params.ts';
import type { GroupOutcome, GroupTerms, ModelTerms, ProxyTerm } from '../../src/ml/bias/keyword-bias.ts';
import { AUTO_REFERENCE } from '../../src/ml/fairness/reference-group.ts';

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

export const description = describeNode({
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
});

export const keywordBiasReport = withLazyRun(description, () => import('./run.ts'));
