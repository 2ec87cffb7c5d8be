/**
 * Lexicon sentiment of short texts with the maintained `sentiment` package (AFINN-165 word ratings
 * −5…+5, negation-aware). `comparative` is the total divided by the number of tokens.
 * A few workplace words are rated here where AFINN's general-purpose rating misleads: "pay" is −1 in
 * AFINN (as in "pay for it"), but in HR comments it is a topic, not a sentiment.
 */
import Sentiment from 'sentiment';

const analyzer = new Sentiment();
const WORKPLACE_EXTRAS: Record<string, number> = { pay: 0, overtime: 0, workload: 0 };

export type SentimentMeasure = 'comparative' | 'score';

export function sentimentOf(text: string, measure: SentimentMeasure = 'comparative'): number {
  const r = analyzer.analyze(text, { extras: WORKPLACE_EXTRAS });
  return measure === 'score' ? r.score : r.tokens.length > 0 ? r.comparative : 0;
}

/** Scores of many texts (NaN for missing ones); `onChunk` lets a node report progress and yield. */
export async function sentimentScores(
  texts: ReadonlyArray<string | null>,
  measure: SentimentMeasure,
  onChunk?: (done: number) => Promise<void>,
): Promise<Float64Array> {
  const out = new Float64Array(texts.length);
  const cache = new Map<string, number>();
  for (let i = 0; i < texts.length; i++) {
    const t = texts[i];
    if (t == null || t.trim() === '') out[i] = NaN;
    else {
      let v = cache.get(t);
      if (v === undefined) {
        v = sentimentOf(t, measure);
        if (cache.size < 100_000) cache.set(t, v);
      }
      out[i] = v;
    }
    if (onChunk && (i + 1) % 5000 === 0) await onChunk(i + 1);
  }
  return out;
}
