import { describe, expect, it } from 'vitest';
import { createRng, type Rng } from '../../core/rng.ts';
import { generateResumes } from '../../samples/resumes.ts';
import { anonymizeTexts, detectPii, type AnonymizeOptions } from './anonymize.ts';
import { FEMALE_FIRST_NAMES, GENDERED_WORDS, MALE_FIRST_NAMES, PRONOUNS, SURNAMES } from './lexicons.ts';
import { generatePiiCorpus } from './pii-corpus.ts';
import * as reference from './reference/anonymize-reference.ts';

/**
 * The optimised anonymiser (character scans, table look-ups, hand-written tidying) against the
 * straightforward one it replaced (reference/anonymize-reference.ts: regular expressions, toLowerCase
 * and Map look-ups): the same spans, text, counts and terms on generated resumes, the labelled PII
 * set and random text made of the pieces the scanners treat specially.
 */
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

function corpus(): string[] {
  const r = createRng(2024);
  const fuzz = Array.from({ length: 2000 }, () => fuzzText(r));
  const resumes = generateResumes({ n: 1000, seed: 7 }).resume_text;
  const pii = generatePiiCorpus(2000).map((d) => d.text); // the whole labelled set of pii-eval.test.ts
  return [...fuzz, ...resumes, ...pii, '', '\n\n x', ' | a |\t| b | ', 'Emily', 'emily', "Emily's"];
}

const plain = (r: ReturnType<typeof anonymizeTexts>) => ({
  texts: r.texts,
  counts: r.counts,
  rowsChanged: r.rowsChanged,
  terms: Object.fromEntries(Object.entries(r.terms).map(([k, m]) => [k, [...m.entries()]])),
});

describe('the optimised anonymiser gives what the straightforward one gives', () => {
  const texts = corpus();

  it('the same spans, every category on and some off', () => {
    for (const categories of [{}, { names: false }, { pronouns: false, gendered: false }, { emails: false, phones: false, urls: false }]) {
      const customPattern = reference.customTermsPattern(['netball', 'Smith College']);
      const fast = texts.map((t) => detectPii(t, { categories, customPattern }));
      const plainSpans = texts.map((t) => reference.detectPii(t, { categories, customPattern }));
      const differs = fast.findIndex((spans, i) => JSON.stringify(spans) !== JSON.stringify(plainSpans[i]));
      expect(differs === -1 ? [] : [texts[differs], fast[differs]]).toEqual(differs === -1 ? [] : [texts[differs], plainSpans[differs]]);
    }
  });

  it('the same text, counts and terms, masked and removed', () => {
    const options: AnonymizeOptions[] = [
      { mode: 'remove', categories: {} },
      { mode: 'mask', categories: {} },
      { mode: 'remove', categories: { names: false, addresses: false }, customTerms: ['chess', 'women’s'] },
    ];
    for (const o of options) expect(plain(anonymizeTexts(texts, o))).toEqual(plain(reference.anonymizeTexts(texts, o)));
  });
});
