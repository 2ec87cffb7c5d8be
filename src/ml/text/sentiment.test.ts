import { describe, expect, it } from 'vitest';
import { sentimentOf, sentimentScores } from './sentiment.ts';

describe('sentiment (AFINN-165 via the sentiment package)', () => {
  it('scores known words, with negation and per-word normalisation', () => {
    // AFINN: great +3, love +3; "not happy" flips happy (+3) to −3
    expect(sentimentOf('Great team, love my manager', 'score')).toBe(6);
    expect(sentimentOf('Great team, love my manager')).toBeCloseTo(6 / 5, 12);
    expect(sentimentOf('I am not happy', 'score')).toBe(-3);
    // "pay" is neutral here (AFINN rates it −1)
    expect(sentimentOf('pay', 'score')).toBe(0);
  });
  it('leaves missing comments missing', async () => {
    const out = await sentimentScores(['frustrated and disappointed', null, ''], 'score');
    expect(out[0]).toBeLessThan(0);
    expect(out[1]).toBeNaN();
    expect(out[2]).toBeNaN();
  });
});
