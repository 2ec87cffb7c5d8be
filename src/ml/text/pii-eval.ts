/**
 * Recall and precision of a PII detector per category on annotated text (pii-corpus.ts).
 *
 * Recall is strict about leaks: a labelled span counts as found only when every letter and digit in it
 * is covered by detected spans of the same category ("0[PHONE]3" is a miss). Precision: a detected
 * span is right when it overlaps a labelled span of its category. Categories outside the labelled set
 * (pronouns, gendered words, user terms) are not scored.
 */
import type { PiiSpan } from './anonymize.ts';
import { PII_CATEGORIES, type AnnotatedText, type PiiCategory } from './pii-corpus.ts';

export interface CategoryScore {
  category: PiiCategory;
  /** Labelled spans. */
  gold: number;
  /** Labelled spans found whole. */
  found: number;
  /** Detected spans of this category. */
  detected: number;
  /** Detected spans that overlap a labelled one of this category. */
  correct: number;
  recall: number;
  precision: number;
}

const isAlnum = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c >= 0xc0;

export function scorePii(docs: readonly AnnotatedText[], detect: (text: string) => PiiSpan[]): Record<PiiCategory, CategoryScore> {
  const acc = Object.fromEntries(PII_CATEGORIES.map((c) => [c, { category: c, gold: 0, found: 0, detected: 0, correct: 0, recall: 0, precision: 0 }])) as Record<PiiCategory, CategoryScore>;
  const scored = new Set<string>(PII_CATEGORIES);
  for (const doc of docs) {
    const predicted = detect(doc.text).filter((s) => scored.has(s.category));
    for (const g of doc.spans) {
      acc[g.category].gold++;
      let whole = true;
      for (let i = g.start; i < g.end && whole; i++) {
        if (!isAlnum(doc.text.charCodeAt(i))) continue;
        whole = predicted.some((p) => p.category === g.category && p.start <= i && i < p.end);
      }
      if (whole) acc[g.category].found++;
    }
    for (const p of predicted) {
      const c = acc[p.category as PiiCategory];
      c.detected++;
      if (doc.spans.some((g) => g.category === p.category && g.start < p.end && p.start < g.end)) c.correct++;
    }
  }
  for (const c of Object.values(acc)) {
    c.recall = c.gold === 0 ? NaN : c.found / c.gold;
    c.precision = c.detected === 0 ? NaN : c.correct / c.detected;
  }
  return acc;
}
