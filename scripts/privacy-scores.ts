/**
 * Prints anonymize-text's recall and precision per category on the generated labelled set, as the
 * Markdown rows of BENCHMARKS.md "Privacy (issue 12)":  npx tsx scripts/privacy-scores.ts [n] [seed]
 */
import { detectPii } from '../src/ml/text/anonymize.ts';
import { generatePiiCorpus, PII_CATEGORIES } from '../src/ml/text/pii-corpus.ts';
import { scorePii } from '../src/ml/text/pii-eval.ts';

const n = Number(process.argv[2] ?? 2000);
const seed = Number(process.argv[3] ?? 12);
const scores = scorePii(generatePiiCorpus(n, seed), (t) => detectPii(t, { categories: {} }));
console.log('| category | labelled spans | found whole | recall | detected | precision |');
console.log('|---|---:|---:|---:|---:|---:|');
for (const c of PII_CATEGORIES) {
  const s = scores[c];
  console.log(`| ${c} | ${s.gold} | ${s.found} | ${s.recall.toFixed(3)} | ${s.detected} | ${s.precision.toFixed(3)} |`);
}
