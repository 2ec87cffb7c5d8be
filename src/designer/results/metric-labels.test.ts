import { describe, expect, it } from 'vitest';
import { metricLabel, metricTermKey } from './metric-labels.ts';

describe('metric labels', () => {
  it('labels known keys in words', () => {
    expect(metricLabel('auc')).toBe('AUC (area under the ROC curve)');
    expect(metricLabel('logLoss')).toBe('Log loss');
    expect(metricLabel('trainRows')).toBe('Training rows');
  });
  it('labels cross-validation summaries from their measure (no code names such as aucStd)', () => {
    expect(metricLabel('aucStd')).toBe('AUC, standard deviation across folds');
    expect(metricLabel('f1Min')).toBe('F1 score, lowest fold');
    expect(metricLabel('recallMax')).toBe('Recall, highest fold');
    expect(metricTermKey('aucStd')).toBe('auc');
  });
  it('turns an unknown key into words rather than showing it raw', () => {
    expect(metricLabel('meanSquaredError')).toBe('Mean squared error');
    expect(metricLabel('train_loss_final')).toBe('Train loss final');
  });
});
