/** Types for the `sentiment` npm package (AFINN-165), which ships none. */
declare module 'sentiment' {
  interface SentimentResult {
    score: number;
    comparative: number;
    tokens: string[];
    words: string[];
    positive: string[];
    negative: string[];
  }
  class Sentiment {
    analyze(phrase: string, options?: { extras?: Record<string, number> }): SentimentResult;
  }
  export default Sentiment;
}
