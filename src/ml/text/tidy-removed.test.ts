import { describe, expect, it } from 'vitest';
import { createRng } from '../../core/rng.ts';
import { TIDY_STEPS, tidyAfterRemoval } from './tidy-removed.ts';

const byRegex = (s: string) => TIDY_STEPS.reduce((t, [pattern, replacement]) => t.replace(pattern, replacement), s);

describe('tidyAfterRemoval', () => {
  it('removes doubled spaces, spaces before punctuation, stray separators and empty lead lines', () => {
    expect(tidyAfterRemoval('\n\n |  | \nSUMMARY\nI  am , here .\n\n\n\nEnd | ')).toBe('SUMMARY\nI am, here.\n\nEnd');
    expect(tidyAfterRemoval('a | b')).toBe('a | b');
  });

  it('is exactly the regular-expression steps, on random text of the characters they treat specially', () => {
    const r = createRng(31);
    const alphabet = [' ', ' ', '\t', '|', '\n', '\n', '\r', '\u2028', '\u2029', ',', '.', ';', ':', '!', '?', 'a', 'b', 'é', '-', '(', 'x y'];
    for (let k = 0; k < 20_000; k++) {
      let s = '';
      const n = r.int(24);
      for (let i = 0; i < n; i++) s += alphabet[r.int(alphabet.length)];
      expect(tidyAfterRemoval(s), JSON.stringify(s)).toBe(byRegex(s));
    }
  });
});
