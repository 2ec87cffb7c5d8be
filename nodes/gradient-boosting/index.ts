import { describeNode, withLazyRun } from '../../src/core/node-definition.ts';
import { param } from '../../src/core/params.ts';
import { gradientBoostingScorer } from '../../src/ml/boosting/boosting-scorer.ts';
import { trainerInputs, trainerOutputs, trainerParams, trainerSchema } from '../_shared/trainer.ts';

export const description = describeNode({
  type: 'gradient-boosting',
  version: 1,
  title: 'Gradient boosting',
  phase: 'modeling',
  category: 'Models',
  summary: 'Small trees added one after another, each fixing the last ones’ mistakes: usually the most accurate model for tables.',
  scorers: { 'gradient-boosting': gradientBoostingScorer },
  inputs: trainerInputs,
  outputs: trainerOutputs,
  params: {
    ...trainerParams,
    maxIter: param.integer({ default: 200, min: 1, max: 5000, label: 'Trees', help: 'How many trees to add at most (fewer when early stopping kicks in).' }),
    learningRate: param.number({
      default: 0.1,
      min: 0,
      max: 1,
      exclusiveMin: true,
      step: 0.01,
      label: 'Learning rate',
      help: 'How much each tree contributes. Smaller values learn more slowly but often generalise better (use more trees).',
    }),
    maxDepth: param.integer({ default: 6, min: 0, max: 30, label: 'Maximum depth', help: 'How many questions a tree may ask in a row. 0 = no limit (the number of leaves still limits it).' }),
    maxLeaves: param.integer({ default: 31, min: 2, max: 1024, label: 'Maximum leaves', help: 'Largest number of end groups per tree.' }),
    minSamplesLeaf: param.integer({ default: 20, min: 1, label: 'Minimum rows per leaf', help: 'Each end group must hold at least this many people; larger values avoid learning from a handful of cases.' }),
    l2: param.number({ default: 0, min: 0, label: 'L2 regularisation', help: 'Shrinks the trees’ outputs towards zero; a little (e.g. 1) can reduce over-fitting.', advanced: true }),
    maxBins: param.integer({ default: 255, min: 2, max: 255, label: 'Bins per feature', help: 'Numbers are grouped into at most this many ranges before training (faster, barely less precise).', advanced: true }),
    earlyStopping: param.enum({
      options: ['auto', 'on', 'off'],
      optionLabels: { auto: 'Automatic (over 10,000 rows)', on: 'On', off: 'Off' },
      default: 'auto',
      label: 'Early stopping',
      help: 'Hold back a share of the training rows and stop adding trees once they stop improving the fit on those rows.',
    }),
    validationFraction: param.number({ default: 0.1, min: 0.01, max: 0.5, label: 'Held-back share', help: 'Share of training rows held back for early stopping.', advanced: true, visibleWhen: { param: 'earlyStopping', equals: ['auto', 'on'] } }),
    nIterNoChange: param.integer({ default: 10, min: 1, max: 1000, label: 'Patience', help: 'Stop after this many trees without improvement.', advanced: true, visibleWhen: { param: 'earlyStopping', equals: ['auto', 'on'] } }),
    classWeight: param.enum({
      options: ['none', 'balanced'],
      optionLabels: { none: 'None', balanced: 'Balanced' },
      default: 'none',
      label: 'Class weights',
      help: 'Balanced gives the rarer outcome (e.g. leavers) as much total weight as the common one.',
    }),
    seed: param.integer({ default: 0, min: 0, label: 'Random seed', help: 'Decides which rows are held back for early stopping; the same seed gives the same model.', advanced: true }),
  },
  schema({ inputs, params }) {
    return trainerSchema('gradient-boosting', inputs, params);
  },
});

export const gradientBoosting = withLazyRun(description, () => import('./run.ts'));
