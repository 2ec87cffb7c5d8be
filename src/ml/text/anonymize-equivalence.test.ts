import { describe, expect, it } from 'vitest';
import * as anonymizer from './anonymize.ts';
import pinned from './fixtures/anonymize-outputs.json' with { type: 'json' };
import { anonymizeCorpus, anonymizerDigests } from './testing/anonymize-corpus.ts';

/**
 * The optimised anonymiser (character scans, table look-ups, hand-written tidying) gives exactly what the
 * straightforward one it replaced gave (regular expressions, toLowerCase and Map look-ups): the same
 * spans, text, counts and terms on generated resumes, the labelled PII set and random text made of the
 * pieces the scanners treat specially. The previous anonymiser's results are pinned as digests per
 * block of 500 texts (fixtures/anonymize-outputs.json, see testing/anonymize-corpus.ts).
 */
describe('the anonymiser gives what the straightforward one gave', () => {
  const digests = anonymizerDigests(anonymizer, anonymizeCorpus());

  it('the same spans, every category on and some off', () => {
    expect(digests.spans).toEqual(pinned.spans);
  });

  it('the same text, counts and terms, masked and removed', () => {
    expect(digests.outputs).toEqual(pinned.outputs);
  });
});
