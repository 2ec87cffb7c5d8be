import { describe, expect, it } from 'vitest';
import { describeValue, featureLabel, topDrivers } from './plain-language.ts';

describe('plain-language drivers', () => {
  it('phrases known HR features', () => {
    expect(describeValue('market_ratio', 0.88)).toBe('pay 12% below market');
    expect(describeValue('engagement_score_delta_3', -0.8)).toBe('engagement down 0.8 over the last surveys');
    expect(describeValue('rating_delta_2', -1)).toBe('rating dropped 1 at the last review');
    expect(describeValue('comment_sentiment_mean_3', -0.4)).toBe('negative survey comments lately');
    expect(describeValue('tenure_years', 3.25)).toBe('3.3 years in the company');
    expect(describeValue('location', 'Berlin')).toBe('location: Berlin');
    expect(describeValue('rating', null)).toBe('no rating on record');
  });
  it('names feature columns in plain language', () => {
    expect(featureLabel('comment_sentiment_mean_3')).toBe('average survey comment tone (last 3)');
    expect(featureLabel('engagement_score_delta_3')).toBe('change in engagement score (over last 3)');
    expect(featureLabel('rating_delta_2')).toBe('change in performance rating (over last 2)');
    expect(featureLabel('market_ratio')).toBe('pay vs market');
    expect(featureLabel('tenure_years')).toBe('years in the company');
    expect(featureLabel('overtime_hours_per_week')).toBe('overtime hours per week');
  });
  it('ranks drivers by strength, optionally only those raising the risk', () => {
    const d = topDrivers(['market_ratio', 'age', 'rating'], [0.5, -0.9, 0.1], [0.9, 30, 4], 2);
    expect(d.map((x) => x.feature)).toEqual(['age', 'market_ratio']);
    expect(d[0].direction).toBe('lowers');
    const risk = topDrivers(['market_ratio', 'age', 'rating'], [0.5, -0.9, 0.1], [0.9, 30, 4], 2, true);
    expect(risk.map((x) => x.feature)).toEqual(['market_ratio', 'rating']);
  });
});
