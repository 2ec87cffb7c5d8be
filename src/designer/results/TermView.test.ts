import { describe, expect, it } from 'vitest';
import { highlightSegments } from './TermView.tsx';

describe('highlightSegments', () => {
  it('marks model and group words, keeps everything else as is', () => {
    const segs = highlightSegments(
      "Captain of the Women's chess club; Python, SQL.",
      new Set(['python']),
      new Set(['women']),
      new Set(['chess', 'python']),
    );
    expect(segs.map((s) => s.text).join('')).toBe("Captain of the Women's chess club; Python, SQL.");
    expect(segs.filter((s) => s.kind !== 'plain')).toEqual([
      { text: 'Women', kind: 'lowers' },
      { text: 'chess', kind: 'group' },
      { text: 'Python', kind: 'raises' },
    ]);
  });
});
