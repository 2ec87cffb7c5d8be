/**
 * Removes or masks personal identifiers and gender proxies in free text: person names (from name
 * lists), email addresses, phone numbers, URLs, pronouns, gendered words, and user-given terms.
 * Counts every replacement per category so the report can say what was removed and how often.
 *
 * Order matters: emails before URLs (an email contains a domain), URLs and phones before the word pass.
 */
import { FEMALE_FIRST_NAMES, GENDERED_WORDS, MALE_FIRST_NAMES, PRONOUNS, SURNAMES } from './lexicons.ts';

export type AnonymizeCategory = 'names' | 'emails' | 'phones' | 'urls' | 'pronouns' | 'gendered' | 'custom';
export const ANONYMIZE_CATEGORIES: readonly AnonymizeCategory[] = ['names', 'emails', 'phones', 'urls', 'pronouns', 'gendered', 'custom'];

export const MASKS: Record<AnonymizeCategory, string> = {
  names: '[NAME]',
  emails: '[EMAIL]',
  phones: '[PHONE]',
  urls: '[URL]',
  pronouns: '[PRONOUN]',
  gendered: '[GENDERED]',
  custom: '[REDACTED]',
};

export interface AnonymizeOptions {
  mode: 'mask' | 'remove';
  categories: Partial<Record<AnonymizeCategory, boolean>>;
  /** Extra words or phrases to remove (case-insensitive, whole words). */
  customTerms?: string[];
}

export interface AnonymizeResult {
  texts: Array<string | null>;
  counts: Record<AnonymizeCategory, number>;
  rowsChanged: number;
  /** How often each removed word occurred, per category (not for emails/phones/URLs: those are personal data). */
  terms: Partial<Record<AnonymizeCategory, Map<string, number>>>;
}

// Emails and URLs are found from their pivot character ('@', '.') outward to the surrounding token, then
// checked with an anchored pattern: much faster than running an unanchored regex over every position.
const EMAIL = /^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$/;
const URL = /^(?:(?:https?:\/\/|www\.)\S+|(?:[a-z0-9-]+\.)+(?:com|org|net|io|dev|me|ai|co|edu|gov|uk|de|fr|in|info|app)(?:\/\S*)?)$/i;
/** Characters that end a token around an email or URL. */
const DELIMITER = new Set([' ', '\t', '\n', '\r', '<', '>', '"', "'", '(', ')', '|', ',', ';', '[', ']']);
const TRAILING = new Set(['.', ',', ';', ':', '!', '?']);

/**
 * Replaces every token around an occurrence of `pivot` that `pattern` accepts (after dropping trailing
 * sentence punctuation, which stays in place) with `replace()`'s result.
 */
function replaceTokens(s: string, pivot: string, pattern: RegExp, replace: () => string): string {
  let out = '';
  let copied = 0;
  let from = 0;
  for (let p = s.indexOf(pivot, from); p >= 0; p = s.indexOf(pivot, from)) {
    let a = p;
    while (a > copied && !DELIMITER.has(s[a - 1])) a--;
    let b = p + 1;
    while (b < s.length && !DELIMITER.has(s[b])) b++;
    let e = b;
    while (e > p + 1 && TRAILING.has(s[e - 1])) e--;
    from = b;
    if (!pattern.test(s.slice(a, e))) continue;
    out += s.slice(copied, a) + replace();
    copied = e;
  }
  return copied === 0 ? s : out + s.slice(copied);
}

const PHONE = /(?:\+\d{1,3}[\s.-]?)?(?:\(\d{1,4}\)[\s.-]?)?\d{2,4}(?:[\s.-]\d{2,5}){1,4}/g;
/**
 * Latin-script words, with an optional possessive ('s) so "women's" goes as a whole. Every lexicon
 * entry is Latin script, so other scripts need not be scanned (and a Latin-range class is ~3× faster
 * than \p{L}).
 */
const WORD = /[A-Za-z\u00C0-\u024F][A-Za-z\u00C0-\u024F-]*(?:['’]s)?/g;

const NAMES = new Set([...FEMALE_FIRST_NAMES, ...MALE_FIRST_NAMES, ...SURNAMES]);
const PRONOUN_SET = new Set(PRONOUNS);
const GENDERED_SET = new Set(GENDERED_WORDS);

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function tidy(s: string): string {
  // after removals: no doubled spaces, no space before punctuation, no stray separators, no empty lead lines
  return s
    .replace(/[ \t]{2,}/g, ' ')
    .replace(/ +([,.;:!?])/g, '$1')
    .replace(/\|(?:[ \t]*\|)+/g, '|')
    .replace(/^[ \t|]+|[ \t|]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .replace(/^\n+/, '');
}

export function anonymizeTexts(texts: ReadonlyArray<string | null>, o: AnonymizeOptions): AnonymizeResult {
  const on = (c: AnonymizeCategory) => o.categories[c] !== false;
  const counts: Record<AnonymizeCategory, number> = { names: 0, emails: 0, phones: 0, urls: 0, pronouns: 0, gendered: 0, custom: 0 };
  const terms: AnonymizeResult['terms'] = { names: new Map(), pronouns: new Map(), gendered: new Map(), custom: new Map() };
  const bump = (c: AnonymizeCategory, term?: string) => {
    counts[c]++;
    const m = terms[c];
    if (m && term !== undefined) m.set(term, (m.get(term) ?? 0) + 1);
  };
  const custom = (o.customTerms ?? []).map((t) => t.trim()).filter(Boolean);
  const customRe = custom.length
    ? new RegExp(`(?<![\\p{L}\\p{N}])(?:${custom.sort((a, b) => b.length - a.length).map(escapeRegex).join('|')})(?![\\p{L}\\p{N}])`, 'giu')
    : null;
  const mask = (c: AnonymizeCategory) => (o.mode === 'mask' ? MASKS[c] : '');

  let rowsChanged = 0;
  const out = texts.map((text) => {
    if (text == null || text === '') return text;
    let s = text;
    if (on('emails') && s.includes('@'))
      s = replaceTokens(s, '@', EMAIL, () => {
        bump('emails');
        return mask('emails');
      });
    if (on('urls') && s.includes('.'))
      s = replaceTokens(s, '.', URL, () => {
        bump('urls');
        return mask('urls');
      });
    if (on('phones') && /\d/.test(s))
      s = s.replace(PHONE, (m) => {
        const digits = m.replace(/\D/g, '').length;
        if (digits < 9 || digits > 15) return m;
        bump('phones');
        return mask('phones');
      });
    if (customRe && on('custom'))
      s = s.replace(customRe, (m) => {
        bump('custom', m.toLowerCase());
        return mask('custom');
      });
    const doNames = on('names');
    const doPronouns = on('pronouns');
    const doGendered = on('gendered');
    if (doNames || doPronouns || doGendered) {
      s = s.replace(WORD, (w) => {
        const n = w.length;
        const possessive = n > 2 && (w.charCodeAt(n - 1) === 115 || w.charCodeAt(n - 1) === 83) && (w[n - 2] === "'" || w[n - 2] === '’');
        const base = possessive ? w.slice(0, n - 2) : w;
        const lower = base.toLowerCase();
        if (doPronouns && PRONOUN_SET.has(lower)) {
          bump('pronouns', lower);
          return mask('pronouns');
        }
        if (doGendered && GENDERED_SET.has(lower)) {
          bump('gendered', lower);
          return mask('gendered');
        }
        // names only when capitalised, so ordinary words ("will", "grace period") stay
        const capitalised = base[0] !== lower[0];
        if (doNames && capitalised && NAMES.has(lower)) {
          bump('names', base);
          return mask('names');
        }
        return w;
      });
    }
    if (o.mode === 'remove') s = tidy(s);
    if (s !== text) rowsChanged++;
    return s;
  });
  return { texts: out, counts, rowsChanged, terms };
}
