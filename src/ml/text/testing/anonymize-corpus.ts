/**
 * Test helper: the texts the anonymiser's outputs are pinned on (generated resumes, the labelled PII set
 * and random text made of the pieces its scanners treat specially) and digests of what it gives for
 * them, per block of texts so a mismatch points at the block. The pinned digests
 * (fixtures/anonymize-outputs.json) were computed with the straightforward anonymiser (regular
 * expressions, toLowerCase and Map look-ups) that the optimised one replaced, at commit 9646c0d.
 */
import { createHash } from 'node:crypto';
import { createRng, type Rng } from '../../../core/rng.ts';
import { generateResumes } from '../../../samples/resumes.ts';
import type { AnonymizeOptions, AnonymizeResult, DetectOptions, PiiSpan } from '../anonymize.ts';
import { FEMALE_FIRST_NAMES, GENDERED_WORDS, MALE_FIRST_NAMES, PRONOUNS, SURNAMES } from '../lexicons.ts';
import { generatePiiCorpus } from '../pii-corpus.ts';

const pick = <T>(r: Rng, a: readonly T[]): T => a[r.int(a.length)];

const PIECES = [
  ' ', ' ', ' ', '  ', '\t', '\n', '\n\n\n', '\r\n', '\u2028', '|', ' | ', '| |', ',', '.', ';', ':', '!', '?', '-', "'", '’', "'s", '’s', "'S",
  '(', ')', '[', ']', '<', '>', '@', ' @ ', ' at ', ' (at) ', ' dot ', '[dot]', '.com', 'www.', 'https://', 'x.io/path',
  '0', '7', '12', '555', '2019', '–', '555-123-4567', '+44 20 7946 0958', '(555) 123-4567', '+(44) 20 7946 0958', '0044 20 7946 0958', '555 123 4567 ext. 12', '+1 (555) 123-4567 / +44 7700 900123', '123-45-6789', 'AB 12 34 56 C',
  '2341 2341 2346', '2341-2341-2346', 'AWVPB7123N', '1 85 05 78 006 084 36', 'born ', 'DOB: ', 'b0rn', 'Passport no. ', 'AB1234567', '221B Baker Street', '12 rue de la Paix',
  'Dr', 'Dr.', 'Mr', 'Ms.', 'MS', 'van der', 'de', 'O’Brien', "O'Brien", 'Jane Q. Doe', 'McDonald', 'co-founder',
  'İstanbul', 'İ', 'ÉMILE', 'Émile', 'renée', 'Björn', 'Straße', '×', '÷', 'ǅ', 'Σ', '𝐀𝐁', 'joined', 'leads', 'period',
];

/** Random text: lexicon words in any case, look-alikes, separators and pieces of personal data. */
function fuzzText(r: Rng): string {
  const words = [...FEMALE_FIRST_NAMES, ...MALE_FIRST_NAMES, ...SURNAMES, ...PRONOUNS, ...GENDERED_WORDS, 'grace', 'will', 'may', 'march', 'award', 'the', 'and', 'engineer'];
  let s = '';
  const n = 1 + r.int(60);
  for (let i = 0; i < n; i++) {
    const x = r.next();
    if (x < 0.45) {
      const w = pick(r, words);
      const y = r.next();
      s += y < 0.4 ? w : y < 0.8 ? w[0].toUpperCase() + w.slice(1) : w.toUpperCase();
    } else s += pick(r, PIECES);
    if (r.next() < 0.5) s += ' ';
  }
  return s;
}

export function anonymizeCorpus(): string[] {
  const r = createRng(2024);
  const fuzz = Array.from({ length: 2000 }, () => fuzzText(r));
  const resumes = generateResumes({ n: 1000, seed: 7 }).resume_text;
  const pii = generatePiiCorpus(2000).map((d) => d.text); // the whole labelled set of pii-eval.test.ts
  return [...fuzz, ...resumes, ...pii, '', '\n\n x', ' | a |\t| b | ', 'Emily', 'emily', "Emily's"];
}

const plain = (r: AnonymizeResult) => ({
  texts: r.texts,
  counts: r.counts,
  rowsChanged: r.rowsChanged,
  terms: Object.fromEntries(Object.entries(r.terms).map(([k, m]) => [k, [...m.entries()]])),
});


export const DETECT_CATEGORIES: Array<DetectOptions['categories']> = [{}, { names: false }, { pronouns: false, gendered: false }, { emails: false, phones: false, urls: false }];
export const CUSTOM_TERMS = ['netball', 'Smith College'];
export const ANONYMIZE_OPTIONS: AnonymizeOptions[] = [
  { mode: 'remove', categories: {} },
  { mode: 'mask', categories: {} },
  { mode: 'remove', categories: { names: false, addresses: false }, customTerms: ['chess', 'women’s'] },
];
export const DIGEST_BLOCK = 500;

const sha = (v: unknown) => createHash('sha256').update(JSON.stringify(v)).digest('hex').slice(0, 16);

export interface AnonymizerUnderTest {
  detectPii(text: string, o: DetectOptions): PiiSpan[];
  anonymizeTexts(texts: ReadonlyArray<string | null>, o: AnonymizeOptions): AnonymizeResult;
  customTermsPattern(terms: readonly string[] | undefined): RegExp | null;
}

/** Per category setting, the spans' digest per block of texts; per option set, the outputs' digest per block. */
export function anonymizerDigests(a: AnonymizerUnderTest, texts: string[]): { spans: string[][]; outputs: string[][] } {
  const blocks = <T>(all: T[]) => Array.from({ length: Math.ceil(all.length / DIGEST_BLOCK) }, (_, b) => sha(all.slice(b * DIGEST_BLOCK, (b + 1) * DIGEST_BLOCK)));
  const customPattern = a.customTermsPattern(CUSTOM_TERMS);
  return {
    spans: DETECT_CATEGORIES.map((categories) => blocks(texts.map((t) => a.detectPii(t, { categories, customPattern })))),
    outputs: ANONYMIZE_OPTIONS.map((o) => {
      const out = plain(a.anonymizeTexts(texts, o));
      return [...blocks(out.texts), sha({ counts: out.counts, rowsChanged: out.rowsChanged, terms: out.terms })];
    }),
  };
}
