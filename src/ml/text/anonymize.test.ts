import { describe, expect, it } from 'vitest';
import { anonymizeTexts } from './anonymize.ts';

const resume = `Emily Chen
emily.chen7@gmail.com | (555) 123-4567 | linkedin.com/in/emily-chen
SUMMARY
Software engineer with 5 years of experience. She will mentor juniors; her May release cut costs by 30%.
EXPERIENCE
Senior Engineer, Acme Corp (2019–2024)
ACTIVITIES
Captain of the women's chess club; Sorority treasurer; see https://emily.dev/blog.`;

describe('anonymizeTexts', () => {
  it('masks names, contact details, pronouns and gendered words, and counts them', () => {
    const r = anonymizeTexts([resume, null], { mode: 'mask', categories: {} });
    const out = r.texts[0]!;
    expect(out).toContain('[NAME] [NAME]\n[EMAIL] | [PHONE] | [URL]');
    expect(out).toContain('[PRONOUN] will mentor juniors; [PRONOUN] May release');
    expect(out).toContain("Captain of the [GENDERED] chess club; [GENDERED] treasurer; see [URL].");
    // years, percentages and the date range are not phone numbers
    expect(out).toContain('(2019–2024)');
    expect(out).toContain('5 years');
    expect(r.counts).toEqual({ names: 2, emails: 1, phones: 1, urls: 2, pronouns: 2, gendered: 2, custom: 0 });
    expect(r.rowsChanged).toBe(1);
    expect(r.texts[1]).toBeNull();
    expect(r.terms.gendered!.get('women')).toBe(1);
  });

  it('removes instead of masking, tidying separators and spaces', () => {
    const r = anonymizeTexts([resume], { mode: 'remove', categories: {} });
    // the name and contact lines disappear entirely
    expect(r.texts[0]!.startsWith('SUMMARY\n')).toBe(true);
    expect(r.texts[0]).toContain('Software engineer with 5 years of experience. will mentor juniors; May release');
    expect(r.texts[0]).toContain('Captain of the chess club; treasurer; see.');
  });

  it('honours switched-off categories and user terms (case-insensitive, whole words)', () => {
    const r = anonymizeTexts(['Netball captain at Smith College; netballs; SMITH COLLEGE alumna. She leads.'], {
      mode: 'mask',
      categories: { pronouns: false, names: false },
      customTerms: ['netball', 'Smith College'],
    });
    expect(r.texts[0]).toBe('[REDACTED] captain at [REDACTED]; netballs; [REDACTED] alumna. She leads.');
    expect(r.counts.custom).toBe(3);
    expect(r.counts.pronouns).toBe(0);
  });
});
