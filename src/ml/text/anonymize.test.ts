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
    expect(r.counts).toEqual({ names: 2, emails: 1, phones: 1, urls: 2, addresses: 0, birthdates: 0, ids: 0, pronouns: 2, gendered: 2, custom: 0 });
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

describe('anonymizeTexts: the misses of issue 12', () => {
  const mask = (s: string) => anonymizeTexts([s], { mode: 'mask', categories: {} }).texts[0];

  it('masks the surname after a first name, also in lower case, and after a title', () => {
    expect(mask('Referred by Jane Doe last spring.')).toBe('Referred by [NAME] [NAME] last spring.');
    expect(mask('contact jane doe about it')).toBe('contact [NAME] [NAME] about it');
    expect(mask('Jane Q. Doe and Lucas van der Berg joined.')).toBe('[NAME] Q. [NAME] and [NAME] [NAME] joined.');
    expect(mask("Emily O'Brien's team")).toBe("[NAME] [NAME]'s team");
    expect(mask('Interviewed by Dr Okonkwo.')).toBe('Interviewed by Dr [NAME].');
    expect(mask('emily joined in May')).toBe('[NAME] joined in May');
  });

  it('keeps ordinary words that are also names', () => {
    expect(mask('a grace period; will mark the release; ADA compliance')).toBe('a grace period; will mark the release; ADA compliance');
    expect(mask('the green team and young talent')).toBe('the green team and young talent');
    // seen in real resumes: Microsoft Office and a version number are no title and no street
    expect(mask('MS Office, MS Excel; Spring 3.2, Rich Faces 4.1')).toBe('MS Office, MS Excel; Spring 3.2, Rich Faces 4.1');
  });

  it('masks obfuscated emails', () => {
    for (const e of ['jane (at) example (dot) com', 'jane at example dot com', 'jane[at]example[.]com', 'jane.doe [at] mail [dot] co [dot] uk', 'j.doe @ example.org', 'JANE AT EXAMPLE DOT COM']) {
      expect(mask(`write to ${e} today`)).toBe('write to [EMAIL] today');
    }
    // "at" alone is not an email
    expect(mask('worked at acme.com for years')).toBe('worked at [URL] for years');
    expect(mask('meet at noon')).toBe('meet at noon');
  });

  it('replaces phone numbers whole, leaving no digit beside the mask', () => {
    for (const p of ['0123 456 789 3', '+44 (0)20 7946 0958', '+33 6 12 34 56 78', '06 12 34 56 78', '0612345678', '(555) 123-4567 ext. 89', '555.123.4567', '+1-555-123-4567', '030/12345678']) {
      expect(mask(`call ${p} now`)).toBe('call [PHONE] now');
    }
    expect(mask('phones: +44 20 7946 0958 / +44 7700 900123')).toBe('phones: [PHONE] / [PHONE]');
    // years, ranges and amounts stay
    expect(mask('2019-2024, 10,000 users, v1.2.3, 12.5%')).toBe('2019-2024, 10,000 users, v1.2.3, 12.5%');
  });

  it('masks street addresses, dates of birth and passport / national id numbers', () => {
    expect(mask('Lives at 221B Baker Street, London NW1 6XE since 2019.')).toBe('Lives at [ADDRESS] since 2019.');
    expect(mask('Address: 1600 Pennsylvania Ave NW, Washington, DC 20500')).toBe('Address: [ADDRESS]');
    expect(mask('12 rue de la Paix, 75002 Paris')).toBe('[ADDRESS]');
    expect(mask('Wohnt in der Hauptstraße 5, 10115 Berlin')).toBe('Wohnt in der [ADDRESS]');
    expect(mask('Date of birth: 12/05/1990. Started 2019-05-12.')).toBe('Date of birth: [DOB]. Started 2019-05-12.');
    expect(mask('born on 3 March 1985, born in 1972; DOB 1990-05-12')).toBe('born on [DOB], born in [DOB]; DOB [DOB]');
    expect(mask('Passport No. 123456789, passport: 12AB34567')).toBe('Passport No. [ID], passport: [ID]');
    expect(mask('SSN 123-45-6789, NI number AB 12 34 56 C')).toBe('SSN [ID], NI number [ID]');
    // Indian ids, as in the real resume data set: Aadhaar (Verhoeff check digit) and PAN
    expect(mask('Aadhaar: 2341 2341 2346, PAN: AWVPB7123N')).toBe('Aadhaar: [ID], PAN: [ID]');
    // an unissued range or prefix is not an id (a 9-digit number written so still goes as a phone number)
    expect(mask('ref 666-45-6789, QQ 12 34 56 C (the HMRC specimen prefix)')).toBe('ref [PHONE], QQ 12 34 56 C (the HMRC specimen prefix)');
    expect(mask('NIR 1 85 05 78 006 084 91 ok, 1 85 05 78 006 084 92 not')).toBe('NIR [ID] ok, [PHONE] not');
  });
});
