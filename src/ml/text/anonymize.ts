/**
 * Removes or masks personal identifiers and gender proxies in free text: person names (name lists, plus
 * the surname after a known first name or a title), email addresses (also obfuscated: "jane (at)
 * example (dot) com"), phone numbers (always whole), URLs, street addresses, dates of birth (a date
 * next to "born", "DOB", "date of birth"…), passport and national id numbers, pronouns, gendered words
 * and user-given terms. Counts every replacement per category so the report can say what was removed.
 *
 * Every detector runs on the original text and yields spans; spans are then resolved in a fixed
 * priority (a span never overlaps one found earlier: emails before URLs, identifiers before phones,
 * contact details before words) and the text is rebuilt once. `detectPii` exposes the spans, which
 * the recall/precision measurement (pii-eval.ts) scores against annotated text.
 */
import {
  digitRunStarts,
  EMAIL_PATTERN,
  findStreetAddresses,
  isWordChar,
  isIndianPan,
  isPassportShape,
  isValidAadhaar,
  isValidFrenchNir,
  isValidIban,
  isValidSsn,
  isValidUkNino,
  phoneDigitCount,
} from '../privacy/identifiers.ts';
import { FEMALE_FIRST_NAMES, GENDERED_WORDS, MALE_FIRST_NAMES, PRONOUNS, SURNAMES } from './lexicons.ts';
import { ENGLISH_STOP_WORDS } from './stop-words.ts';
import { FNV_OFFSET, FNV_PRIME, hashString, TokenTable } from './token-table.ts';
import { tidyAfterRemoval } from './tidy-removed.ts';

export type AnonymizeCategory = 'names' | 'emails' | 'phones' | 'urls' | 'addresses' | 'birthdates' | 'ids' | 'pronouns' | 'gendered' | 'custom';
export const ANONYMIZE_CATEGORIES: readonly AnonymizeCategory[] = ['names', 'emails', 'phones', 'urls', 'addresses', 'birthdates', 'ids', 'pronouns', 'gendered', 'custom'];

export const MASKS: Record<AnonymizeCategory, string> = {
  names: '[NAME]',
  emails: '[EMAIL]',
  phones: '[PHONE]',
  urls: '[URL]',
  addresses: '[ADDRESS]',
  birthdates: '[DOB]',
  ids: '[ID]',
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
  /** How often each removed word occurred, per category (only names, pronouns, gendered and custom words). */
  terms: Partial<Record<AnonymizeCategory, Map<string, number>>>;
}

/** A detected piece of personal data: text.slice(start, end); `term` is the word for counting. */
export interface PiiSpan {
  start: number;
  end: number;
  category: AnonymizeCategory;
  term?: string;
}

// ---------------------------------------------------------------------------------------------------
// Emails and URLs are found from their pivot character ('@', '.') outward to the surrounding token, then
// checked with an anchored pattern: much faster than running an unanchored regex over every position.
const URL = /^(?:(?:https?:\/\/|www\.)\S+|(?:[a-z0-9-]+\.)+(?:com|org|net|io|dev|me|ai|co|edu|gov|uk|de|fr|in|info|app)(?:\/\S*)?)$/i;
/** Characters that end a token around an email or URL (a table by character code: all are ASCII). */
const DELIMITER = asciiTable(' \t\n\r<>"\'()|,;[]');
const TRAILING = asciiTable('.,;:!?');

function asciiTable(chars: string): Uint8Array {
  const t = new Uint8Array(128);
  for (const ch of chars) t[ch.charCodeAt(0)] = 1;
  return t;
}
const isIn = (table: Uint8Array, c: number) => c < 128 && table[c] === 1;

function tokenSpans(s: string, pivot: string, pattern: RegExp, category: AnonymizeCategory, taken: Taken): void {
  let from = 0;
  for (let p = s.indexOf(pivot, from); p >= 0; p = s.indexOf(pivot, from)) {
    let a = p;
    while (a > 0 && !isIn(DELIMITER, s.charCodeAt(a - 1))) a--;
    let b = p + 1;
    while (b < s.length && !isIn(DELIMITER, s.charCodeAt(b))) b++;
    let e = b;
    while (e > p + 1 && isIn(TRAILING, s.charCodeAt(e - 1))) e--;
    from = b;
    if (pattern.test(s.slice(a, e))) taken.add(a, e, category);
  }
}

/*
 * Obfuscated emails: "jane (at) example (dot) com", "jane[at]example[.]com", "jane at example dot com",
 * "jane @ example . com". A bare " at " must come with a spelled or bracketed dot ("worked at acme.com"
 * is a URL, not an email); a bracketed at or a spaced @ may use plain dots.
 */
const OB_AT_BRACKET = String.raw`[ \t]*[\[({<][ \t]*(?:at|@)[ \t]*[\])}>][ \t]*`;
const OB_AT_BARE = String.raw`[ \t]+(?:at|AT)[ \t]+`;
const OB_AT_SPACED = String.raw`[ \t]+@[ \t]+`;
const OB_DOT_WORD = String.raw`(?:[ \t]*[\[({<][ \t]*(?:dot|\.)[ \t]*[\])}>][ \t]*|[ \t]+(?:dot|DOT)[ \t]+)`;
const OB_DOT_ANY = String.raw`(?:${OB_DOT_WORD}|\.)`;
const OB_LOCAL = String.raw`[A-Za-z0-9][A-Za-z0-9._%+-]*(?:${OB_DOT_WORD}[A-Za-z0-9._%+-]+)*`;
const OB_LABEL = '[A-Za-z0-9][A-Za-z0-9-]*';
const OB_TLD = '(?:com|org|net|edu|gov|io|co|uk|de|fr|es|it|nl|ca|au|in|info|biz|me|dev|ai|app|[a-z]{2})';
/** Found from the "at" outward (one scan for the anchor, then anchored checks on each side). */
const OB_AT = new RegExp(`${OB_AT_BRACKET}|${OB_AT_SPACED}|${OB_AT_BARE}`, 'gi');
const OB_LOCAL_BEFORE = new RegExp(`(?<![A-Za-z0-9._%+-])${OB_LOCAL}$`, 'i');
const OB_DOMAIN_ANY_DOT = new RegExp(`${OB_LABEL}(?:${OB_DOT_ANY}${OB_LABEL})*${OB_DOT_ANY}${OB_TLD}(?![A-Za-z0-9])`, 'iy');
const OB_DOMAIN_WORD_DOT = new RegExp(`${OB_LABEL}(?:${OB_DOT_ANY}${OB_LABEL})*${OB_DOT_WORD}${OB_TLD}(?![A-Za-z0-9])`, 'iy');

function obfuscatedEmailSpans(s: string, taken: Taken): void {
  for (const m of s.matchAll(OB_AT)) {
    const local = OB_LOCAL_BEFORE.exec(s.slice(Math.max(0, m.index - 80), m.index));
    if (!local) continue;
    // a bare " at " needs a spelled or bracketed dot in the domain ("worked at acme.com" is no email)
    const bare = /^[ \t]+at[ \t]+$/i.test(m[0]);
    const domain = bare ? OB_DOMAIN_WORD_DOT : OB_DOMAIN_ANY_DOT;
    domain.lastIndex = m.index + m[0].length;
    const d = domain.exec(s);
    if (d) taken.add(m.index - local[0].length, domain.lastIndex, 'emails');
  }
}
/** Every obfuscated form has a spelled dot, a bracketed at or dot, or a spaced @: most texts have none. */
const OBFUSCATION_HINT = String.raw`[ \t](?:dot|DOT|Dot)[ \t]|[[({<][ \t]*(?:at|AT|@|dot|DOT|\.)[ \t]*[\])}>]|[ \t]@[ \t]`;

// Identifiers: shapes found by pattern, then checked (SSA ranges, NINO prefixes, NIR and IBAN checksums).
const SSN_AT = /\d{3}[- ]\d{2}[- ]\d{4}(?![\w-])/y;
const NINO_AT = /[A-Za-z]{2}[ \t]?\d{2}[ \t]?\d{2}[ \t]?\d{2}[ \t]?[A-Da-d](?![\w])/y;
const NIR_AT = /[1-478][ \t]?\d{2}[ \t]?\d{2}[ \t]?(?:\d{2}|2[AB])[ \t]?\d{3}[ \t]?\d{3}[ \t]?\d{2}(?![\w])/y;
const AADHAAR_AT = /[2-9]\d{3}[ -]?\d{4}[ -]?\d{4}(?![\w-])/y;
const IBAN_AT = /[A-Z]{2}\d{2}(?:[ \t]?[A-Z0-9]{4}){2,7}(?:[ \t]?[A-Z0-9]{1,4})?(?![\w])/y;
const PASSPORT_HINT = '[Pp]ass(?:port|eport|aporto)|PASS(?:PORT|EPORT|APORTO)|[Rr]eisepass|REISEPASS|[Pp]asaporte|PASAPORTE';
/** "passport", "passport no.", "passport number:", "n° de passeport", "Reisepass", "pasaporte" — then the number. */
const PASSPORT = /\b(?:passport|passeport|reisepass|pasaporte|passaporto)(?:[ \t]+(?:no\.?|nr\.?|number|num\.?|#|n°|nº))?[ \t]*[:#]?[ \t]*([A-Za-z0-9]{2}[ \t]?[A-Za-z0-9]{4,7})\b/gi;

// Dates of birth: a date after a birth cue. Bare dates (start dates, review dates) are not personal data.
const MONTH = '(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';
const DATE = String.raw`(?:\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/.\-]\d{1,2}[/.\-](?:\d{4}|\d{2})|\d{1,2}(?:st|nd|rd|th)?[ \t]+(?:of[ \t]+)?${MONTH}[ \t,]+\d{4}|${MONTH}[ \t]+\d{1,2}(?:st|nd|rd|th)?,?[ \t]+\d{4}|(?:19|20)\d{2})`;
const BIRTH = new RegExp(
  String.raw`\b(?:date[ \t]+of[ \t]+birth|birth[ \t]?date|birthday|d\.?o\.?b\.?|born(?:[ \t]+(?:on|in))?|n(?:é|ée)[ \t]+le|geboren(?:[ \t]+am)?|fecha[ \t]+de[ \t]+nacimiento)[ \t]*[:\-–]?[ \t]*(?:(?:on|in)[ \t]+)?(${DATE})(?![\d/.-]\d)`,
  'gi',
);
const BIRTH_HINT = String.raw`[Bb](?:orn|irth)|B(?:ORN|IRTH)|[Dd]\.?[Oo]\.?[Bb]\b|n(?:é|ée) le|[Gg]eboren|[Nn]acimiento`;

/**
 * The cue words of the rarer detectors, found in one scan of the text (most texts have none, and three
 * scans cost more than the detectors): 1 obfuscated e-mail, 2 passport, 3 birth date.
 */
const HINTS = new RegExp(`(${OBFUSCATION_HINT})|(${PASSPORT_HINT})|(${BIRTH_HINT})`, 'g');
interface Hints {
  obfuscation: boolean;
  passport: boolean;
  birth: boolean;
}
const ANY_HINT = new RegExp(`${OBFUSCATION_HINT}|${PASSPORT_HINT}|${BIRTH_HINT}`);
function hintsOf(s: string): Hints {
  const h = { obfuscation: false, passport: false, birth: false };
  if (!ANY_HINT.test(s)) return h; // one plain test first: cheaper than collecting matches
  for (const m of s.matchAll(HINTS)) {
    if (m[1] !== undefined) h.obfuscation = true;
    else if (m[2] !== undefined) h.passport = true;
    else h.birth = true;
  }
  return h;
}

/*
 * Phones: a run of digits and phone separators (never a line break), started by +, ( or a digit not
 * glued to a word, ended by a digit, with an optional extension. The whole run is replaced, so no
 * digit of the number is left beside the mask. Runs that hold two numbers ("… / …") are split.
 */
const PHONE_RUN = /(?<![\w+])(?:\+|\b00)?\(?\d[\d \t().\-/]{6,}\d(?:[ \t]*(?:x|ext\.?)[ \t]*\d{1,5})?(?![\w])/g;
const PHONE_SPLIT = /[ \t]+\/[ \t]+|[ \t]{2,}|[ \t]+[-–][ \t]+/;
const PHONE_RUN_AT = new RegExp(PHONE_RUN.source, 'y');

/** [\d \t().\-/]: the characters of a phone run after its first digit. */
const PHONE_CHAR = asciiTable('0123456789 \t()./-');

/**
 * The matches of PHONE_RUN in `s`, tried only where one can start: every match's first digit starts a
 * digit run (`runs`), with at most "+", "(" or "+(" before it, and the eight or more characters from
 * that digit on are all phone characters. Most digit runs (years, counts) fail that at once, so the
 * pattern runs at a handful of places instead of at every position.
 */
function phoneRuns(s: string, runs: readonly number[]): RegExpExecArray[] {
  const out: RegExpExecArray[] = [];
  let from = 0;
  for (const r of runs) {
    let span = r;
    while (span < s.length && span - r < 8 && isIn(PHONE_CHAR, s.charCodeAt(span))) span++;
    if (span - r < 8) continue;
    const before = r > 0 ? s.charCodeAt(r - 1) : 0;
    const open = before === 40 && r > 1 && s.charCodeAt(r - 2) === 43; // "+(" before the digit
    for (let p = open ? r - 2 : before === 43 || before === 40 ? r - 1 : r; p <= r; p++) {
      if (p < from) continue;
      PHONE_RUN_AT.lastIndex = p;
      const m = PHONE_RUN_AT.exec(s);
      if (m) {
        out.push(m);
        from = PHONE_RUN_AT.lastIndex;
        break;
      }
    }
  }
  return out;
}

/** A year range ("2019-2021", "1998 – 2004") inside a run means dates, not a phone number. */
const YEAR_RANGE = /(?:19|20)\d{2}[ \t]*[-–/][ \t]*(?:19|20)\d{2}(?!\d)/;

/**
 * Brackets in a phone number hold an area code or trunk prefix and come first ("(555) 123-4567") or
 * right after the country code ("+44 (0)20 …"); "PostgreSQL 15 (2019-2021" is no phone number.
 */
function phoneShaped(run: string): boolean {
  const open = run.indexOf('(');
  if (open > 0 && !/^\+\d{1,3}[ \t]?$/.test(run.slice(0, open))) return false;
  if (open >= 0 && !/^\(\d{1,4}\)/.test(run.slice(open))) return false;
  return !YEAR_RANGE.test(run);
}

/*
 * Words are what /[A-Za-z\u00C0-\u024F][A-Za-z\u00C0-\u024F-]*(?:['’]s)?/g matches (see wordSpans):
 * Latin-script words, with an optional possessive ('s) so "women's" goes as a whole. Every lexicon
 * entry is Latin script, so other scripts need not be scanned.
 */
/** The word after a first name or title, apostrophes allowed inside (O'Brien, D’Amato). */
const NEXT_NAME = /[ \t]+(?:([A-Z])\.?[ \t]+)?([A-Za-z\u00C0-\u024F][A-Za-z\u00C0-\u024F'’-]*)/y;
const PARTICLE_RUN = /[ \t]+((?:van|von|de|der|den|del|della|di|da|du|dos|das|la|le|al|el|bin|ibn|ter|ten)[ \t]+){1,3}([A-Z\u00C0-\u00DE][A-Za-z\u00C0-\u024F'’-]*)/y;

const FIRST_NAMES = new Set([...FEMALE_FIRST_NAMES, ...MALE_FIRST_NAMES]);
const SURNAME_SET = new Set(SURNAMES);
const PRONOUN_SET = new Set(PRONOUNS);
const GENDERED_SET = new Set(GENDERED_WORDS);
/** Titles before a surname ("Dr Okafor"); mr/mrs/ms/miss are also gendered words and masked as such. */
const TITLES = new Set(['mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'prof', 'sir', 'madam']);
/**
 * First names that are also ordinary words, places or technologies: masked only when capitalised (and
 * not in capitals, which is an acronym: ADA, ARIA), and in lower case only before a known surname.
 */
const AMBIGUOUS_NAMES = new Set([
  'ada', 'amber', 'april', 'aria', 'art', 'austin', 'avery', 'bill', 'billy', 'bobby', 'carol', 'chase', 'christian',
  'daisy', 'dana', 'dawn', 'don', 'eugene', 'faith', 'frank', 'gene', 'grace', 'guy', 'harper', 'harry', 'hazel',
  'heather', 'henry', 'hope', 'hugo', 'ivy', 'jack', 'jasmine', 'joy', 'julia', 'june', 'kelly', 'lily', 'logan',
  'madison', 'mark', 'martin', 'mason', 'may', 'mei', 'miles', 'pat', 'penelope', 'randy', 'ray', 'riley', 'rob',
  'roger', 'rose', 'scarlett', 'scott', 'stella', 'sue', 'summer', 'terry', 'victoria', 'virginia', 'wei', 'will',
  'willie',
]);
// One lookup per word (the word pass is the hot loop): what a lower-cased word can be.
const FIRST = 1;
const SURNAME = 2;
const PRONOUN = 4;
const GENDERED = 8;
const TITLE = 16;
const AMBIGUOUS = 32;
const WORD_KIND = new Map<string, number>();
const mark = (words: Iterable<string>, flag: number) => {
  for (const w of words) WORD_KIND.set(w, (WORD_KIND.get(w) ?? 0) | flag);
};
mark(FIRST_NAMES, FIRST);
mark(SURNAME_SET, SURNAME);
mark(PRONOUN_SET, PRONOUN);
mark(GENDERED_SET, GENDERED);
mark(TITLES, TITLE);
for (const w of AMBIGUOUS_NAMES) if (WORD_KIND.has(w)) mark([w], AMBIGUOUS);

/** Capitalised words that follow a first name without being a surname ("Grace Hopper Award" keeps Award). */
const NOT_SURNAMES = new Set([
  'street', 'road', 'avenue', 'university', 'college', 'school', 'institute', 'award', 'prize', 'foundation',
  'inc', 'ltd', 'corp', 'llc', 'group', 'team', 'project', 'fellowship', 'scholarship', 'hall', 'center', 'centre',
  'january', 'february', 'march', 'april', 'june', 'july', 'august', 'september', 'october', 'november', 'december',
  'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'engineer', 'manager', 'developer',
  'director', 'analyst', 'lead', 'senior', 'junior', 'intern', 'python', 'java', 'javascript', 'sql', 'excel',
  'scientist', 'designer', 'consultant', 'architect', 'specialist', 'administrator', 'officer', 'assistant',
  'coordinator', 'executive', 'representative', 'technician', 'nurse', 'teacher', 'curriculum', 'vitae', 'resume',
  'résumé', 'cover', 'letter', 'profile', 'summary', 'experience', 'education', 'skills', 'contact', 'references',
]);
/** Lower-case words that follow a lower-case first name without being a surname ("emily leads", "john says"). */
const VERBISH = /(?:ed|ing|ly)$/;
const COMMON_FOLLOWERS = new Set([
  'leads', 'manages', 'works', 'says', 'said', 'wants', 'needs', 'loves', 'likes', 'asked', 'told', 'wrote', 'writes',
  'joined', 'left', 'built', 'builds', 'runs', 'ran', 'got', 'gets', 'took', 'takes', 'made', 'makes', 'came',
  'comes', 'went', 'goes', 'knows', 'thinks', 'feels', 'seems', 'did', 'does', 'owns', 'helps', 'helped', 'shows',
  'gave', 'gives', 'met', 'meets', 'sent', 'sends', 'saw', 'sees', 'hired', 'moved', 'moves', 'plays', 'tried',
  'tries', 'uses', 'used', 'thanks', 'too', 'also', 'just', 'really', 'please', 'yes', 'no', 'ok', 'okay',
]);

/** Spans found so far (a handful per text): later detectors only take ranges no earlier span touches. */
class Taken {
  readonly spans: PiiSpan[] = [];
  free(a: number, b: number): boolean {
    for (const sp of this.spans) if (sp.start < b && sp.end > a) return false;
    return true;
  }
  add(a: number, b: number, category: AnonymizeCategory, term?: string): boolean {
    if (b <= a || !this.free(a, b)) return false;
    this.spans.push(term === undefined ? { start: a, end: b, category } : { start: a, end: b, category, term });
    return true;
  }
}

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function isDigitAt(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c >= 48 && c <= 57;
}

/** Tries the sticky `re` at `at`: the matched text, or null. */
function matchAt(re: RegExp, s: string, at: number): string | null {
  if (at < 0) return null;
  re.lastIndex = at;
  const m = re.exec(s);
  return m ? m[0] : null;
}

/**
 * Passport and national id numbers. Each shape is tried only at a digit run (for NINO and IBAN: two
 * letters before it), then checked: SSA ranges, NINO prefixes, NIR and IBAN check digits.
 */
function idSpans(s: string, runs: readonly number[], taken: Taken, passportHint: boolean): void {
  for (const i of runs) {
    const prev = i > 0 ? s.charCodeAt(i - 1) : 32;
    let j = i;
    while (j < s.length && s.charCodeAt(j) >= 48 && s.charCodeAt(j) <= 57) j++;
    const len = j - i;
    const next = j < s.length ? s.charCodeAt(j) : 0;
    if (!isWordChar(prev) && (len === 3 || len === 1 || len >= 13) && (next === 45 || next === 32 || next === 0 || len >= 13)) {
      const ssn = len === 3 ? matchAt(SSN_AT, s, i) : null;
      if (ssn && prev !== 45 && isValidSsn(ssn)) {
        taken.add(i, i + ssn.length, 'ids');
        continue;
      }
      // a NIR's first group is one digit, or three ending its second group: then a space and more digits
      const nirShape = len >= 13 || (next === 32 && (len === 1 ? isDigitAt(s, i + 2) && isDigitAt(s, i + 3) : isDigitAt(s, i + 4)));
      const nir = nirShape ? matchAt(NIR_AT, s, i) : null;
      if (nir && isValidFrenchNir(nir)) {
        taken.add(i, i + nir.length, 'ids');
        continue;
      }
    }
    // Aadhaar: "2341 2341 2346" or 12 digits, with its Verhoeff check digit
    // (four digits must go on with a space or hyphen and a digit: most are years, "2019–2021", "(2016)")
    if (!isWordChar(prev) && (len === 12 || (len === 4 && (next === 32 || next === 45) && isDigitAt(s, j + 1)))) {
      const aadhaar = matchAt(AADHAAR_AT, s, i);
      if (aadhaar && isValidAadhaar(aadhaar)) {
        taken.add(i, i + aadhaar.length, 'ids');
        continue;
      }
    }
    // Indian PAN: five capitals glued to the digits ("AWVPB7123N")
    if (len === 4 && i >= 5 && j < s.length && prev >= 65 && prev <= 90 && isIndianPan(s.slice(i - 5, j + 1)) && (i === 5 || !isWordChar(s.charCodeAt(i - 6))) && (j + 1 >= s.length || !isWordChar(s.charCodeAt(j + 1)))) {
      taken.add(i - 5, j + 1, 'ids');
      continue;
    }
    // letters right before the digits: "AB 12 34 56 C", "GB82 WEST …"
    const l = prev === 32 ? i - 3 : i - 2;
    if (l >= 0 && isLetter(s.charCodeAt(l)) && isLetter(s.charCodeAt(l + 1)) && (l === 0 || !isWordChar(s.charCodeAt(l - 1)))) {
      const nino = matchAt(NINO_AT, s, l);
      if (nino && isValidUkNino(nino)) {
        taken.add(l, l + nino.length, 'ids');
        continue;
      }
      const iban = prev === 32 ? null : matchAt(IBAN_AT, s, l);
      if (iban && isValidIban(iban)) taken.add(l, l + iban.length, 'ids');
    }
  }
  if (passportHint) {
    for (const m of s.matchAll(PASSPORT)) {
      const num = m[1];
      if (!isPassportShape(num)) continue;
      const start = m.index + m[0].length - num.length;
      taken.add(start, start + num.length, 'ids');
    }
  }
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function isCapitalised(w: string): boolean {
  const c = w.charCodeAt(0);
  return (c >= 65 && c <= 90) || (c >= 0xc0 && c <= 0xde && c !== 0xd7);
}
function isAllCaps(w: string): boolean {
  return w.length > 1 && w === w.toUpperCase();
}

/** Whether `next` (the word after a first name) is a surname; `capitalFirst`: the first name was capitalised. */
function isSurnameAfter(next: string, capitalFirst: boolean): boolean {
  const lower = next.toLowerCase();
  if (lower.length < 2 || PRONOUN_SET.has(lower) || GENDERED_SET.has(lower) || NOT_SURNAMES.has(lower)) return false;
  if (SURNAME_SET.has(lower)) return true;
  if (ENGLISH_STOP_WORDS.has(lower)) return false;
  if (capitalFirst) return isCapitalised(next);
  return !isCapitalised(next) && !VERBISH.test(lower) && !COMMON_FOLLOWERS.has(lower) && !FIRST_NAMES.has(lower);
}

export interface DetectOptions {
  categories: Partial<Record<AnonymizeCategory, boolean>>;
  /** Compiled user terms (see anonymizeTexts). */
  customPattern?: RegExp | null;
}

/** Spans of personal data in `s`, in text order, never overlapping. */
export function detectPii(s: string, o: DetectOptions): PiiSpan[] {
  const on = (c: AnonymizeCategory) => o.categories[c] !== false;
  const taken = new Taken();
  const hasDigit = /\d/.test(s);
  const hints = hintsOf(s);

  if (on('emails')) {
    if (s.includes('@')) tokenSpans(s, '@', EMAIL_PATTERN, 'emails', taken);
    if (hints.obfuscation) obfuscatedEmailSpans(s, taken);
  }
  if (on('urls') && s.includes('.')) tokenSpans(s, '.', URL, 'urls', taken);
  const runs = hasDigit && (on('ids') || on('addresses') || on('phones')) ? digitRunStarts(s) : [];
  if (on('ids') && hasDigit) idSpans(s, runs, taken, hints.passport);
  if (on('birthdates') && hasDigit && hints.birth) {
    for (const m of s.matchAll(BIRTH)) {
      const start = m.index + m[0].length - m[1].length;
      taken.add(start, start + m[1].length, 'birthdates');
    }
  }
  if (on('addresses') && hasDigit) for (const [a, b] of findStreetAddresses(s, runs)) taken.add(a, b, 'addresses');
  if (on('phones') && hasDigit) {
    for (const m of phoneRuns(s, runs)) {
      const run = m[0];
      if (!phoneShaped(run)) continue;
      const digits = phoneDigitCount(run.replace(/[ \t]*(?:x|ext\.?)[ \t]*\d{1,5}$/i, ''));
      if (digits >= 9 && digits <= 15) {
        taken.add(m.index, m.index + run.length, 'phones');
      } else if (digits > 15) {
        // two numbers in one run ("+44 20 7946 0958 / +44 7700 900123"): each part on its own
        let offset = 0;
        for (const part of run.split(PHONE_SPLIT)) {
          const at = run.indexOf(part, offset);
          offset = at + part.length;
          const d = phoneDigitCount(part);
          if (d >= 9 && d <= 15) taken.add(m.index + at, m.index + at + part.length, 'phones');
        }
      }
    }
  }
  if (o.customPattern && on('custom')) {
    for (const m of s.matchAll(o.customPattern)) taken.add(m.index, m.index + m[0].length, 'custom', m[0].toLowerCase());
  }

  const doNames = on('names');
  const doPronouns = on('pronouns');
  const doGendered = on('gendered');
  if (doNames) headerNameSpans(s, taken);
  const spans = taken.spans.sort((a, b) => a.start - b.start);
  if (!(doNames || doPronouns || doGendered)) return spans;
  const words = wordSpans(s, spans, doNames, doPronouns, doGendered);
  return words.length === 0 ? spans : spans.length === 0 ? words : [...spans, ...words].sort((a, b) => a.start - b.start);
}

const NAME_WORD = "[A-Z\u00C0-\u00DE][A-Za-z\u00C0-\u024F'’-]+";
/** A first line of two or three capitalised words ("Thandiwe Ferreira", "ANNA K. LINDQVIST"), maybe with a middle initial. */
const HEADER_NAME = new RegExp(`^[ \t]*(${NAME_WORD})(?:[ \t]+[A-Z]\\.?)?[ \t]+(${NAME_WORD})(?:[ \t]+(${NAME_WORD}))?[ \t]*$`);

/**
 * A resume starts with its owner's name: the first line, when it is two or three capitalised words
 * and none is a heading, job or filler word, is a name even if the lists know neither word.
 */
function headerNameSpans(s: string, taken: Taken): void {
  let start = 0;
  while (start < s.length && (s[start] === '\n' || s[start] === '\r')) start++;
  let end = s.indexOf('\n', start);
  if (end < 0) end = s.length;
  if (end - start > 60) return;
  const line = s.slice(start, end);
  const m = HEADER_NAME.exec(line);
  if (!m) return;
  const words = [m[1], m[2], m[3]].filter((w): w is string => w !== undefined);
  for (const w of words) {
    const lower = w.toLowerCase();
    if (ENGLISH_STOP_WORDS.has(lower) || NOT_SURNAMES.has(lower) || GENDERED_SET.has(lower) || PRONOUN_SET.has(lower)) return;
  }
  let from = 0;
  for (const w of words) {
    const at = line.indexOf(w, from);
    from = at + w.length;
    taken.add(start + at, start + at + w.length, 'names', w);
  }
}

/** Code units below U+0250 that make words: 1 a letter (A–Z, a–z, U+00C0–U+024F, × and ÷ included, as in the pattern above), 2 the hyphen. */
const WORD_UNIT = new Uint8Array(0x250);
for (let c = 0; c < 0x250; c++) WORD_UNIT[c] = (c < 128 && (c | 32) >= 97 && (c | 32) <= 122) || c >= 0xc0 ? 1 : c === 45 ? 2 : 0;

/*
 * WORD_KIND as a table looked up straight from a span of the text (most words are in no list and cost
 * no string, no toLowerCase and no Map hashing). Words of ASCII letters are first screened by shape:
 * a bit per (first letter, last letter, length) of the list words, letters folded to 1–26 by & 31.
 * Other words (rare) go through toLowerCase and the Map.
 */
const LEXICON = new TokenTable(WORD_KIND.size * 2);
const LEXICON_SHAPES = new Uint32Array(1024);
const shapeSlot = (first: number, last: number) => ((first & 31) << 5) | (last & 31);
let LEXICON_MAX = 0;
for (const [w, kind] of WORD_KIND) {
  LEXICON.add(w, hashString(w), kind);
  if (w.length > 31) throw new Error(`Lexicon word "${w}" is longer than the 31 characters the shape screen allows.`);
  LEXICON_SHAPES[shapeSlot(w.charCodeAt(0), w.charCodeAt(w.length - 1))] |= 1 << w.length;
  LEXICON_MAX = Math.max(LEXICON_MAX, w.length);
}

/**
 * Names, pronouns and gendered words, left to right, outside the spans found before (`prior`: sorted,
 * non-overlapping, so one forward pointer answers "is this range free?"). Words are scanned by character
 * code: the pattern's leftmost-longest matches, resuming after a name's surname as its lastIndex would.
 */
function wordSpans(s: string, prior: PiiSpan[], doNames: boolean, doPronouns: boolean, doGendered: boolean): PiiSpan[] {
  const found: PiiSpan[] = [];
  let k = 0;
  const freeFrom = (a: number, b: number): boolean => {
    for (let j = k; j < prior.length && prior[j].start < b; j++) if (prior[j].end > a) return false;
    return true;
  };
  const push = (a: number, b: number, category: AnonymizeCategory, term: string) => found.push({ start: a, end: b, category, term });
  const len = s.length;
  let i = 0;
  while (i < len) {
    let c = s.charCodeAt(i);
    if (c >= 0x250 || WORD_UNIT[c] !== 1) {
      i++;
      continue;
    }
    // [A-Za-z\u00C0-\u024F][A-Za-z\u00C0-\u024F-]*
    const a = i;
    let ascii = c < 128;
    while (++i < len) {
      c = s.charCodeAt(i);
      if (c >= 0x250 || WORD_UNIT[c] === 0) break;
      if (c >= 128) ascii = false;
    }
    const baseEnd = i;
    // (?:['’]s)?
    if (i + 1 < len && (c === 39 || c === 0x2019) && s.charCodeAt(i + 1) === 115) i += 2;
    const b = i;
    let kind: number | undefined;
    let lower: string;
    if (ascii) {
      const n = baseEnd - a;
      if (n > LEXICON_MAX || (LEXICON_SHAPES[shapeSlot(s.charCodeAt(a), s.charCodeAt(baseEnd - 1))] & (1 << n)) === 0) continue;
      let h = FNV_OFFSET;
      for (let j = a; j < baseEnd; j++) h = Math.imul(h ^ (s.charCodeAt(j) | 32), FNV_PRIME); // | 32: lower case of a letter, the hyphen unchanged
      const id = LEXICON.findLowered(s, a, baseEnd, h);
      if (id < 0) continue;
      kind = LEXICON.values[id];
      lower = LEXICON.texts[id];
    } else {
      lower = s.slice(a, baseEnd).toLowerCase();
      kind = WORD_KIND.get(lower);
    }
    if (kind === undefined) continue;
    while (k < prior.length && prior[k].end <= a) k++;
    if (k < prior.length && prior[k].start < b) continue;
    const possessive = b !== baseEnd;
    const base = s.slice(a, baseEnd);
    if (kind & PRONOUN) {
      if (doPronouns) push(a, b, 'pronouns', lower);
      continue;
    }
    // "MS Office", "MS SQL", "MS in Physics": in capitals MS is Microsoft or a degree, not a title
    if (lower === 'ms' && base === 'MS') continue;
    const gendered = doGendered && (kind & GENDERED) !== 0;
    if (gendered) push(a, b, 'gendered', lower);
    if (!doNames) continue;
    const capital = isCapitalised(base);
    if (kind & TITLE) {
      // "Dr Okafor", "Ms. Lindqvist": the capitalised word after a title is a surname
      if (!capital) continue;
      NEXT_NAME.lastIndex = s[b] === '.' ? b + 1 : b;
      const t = NEXT_NAME.exec(s);
      if (t && !t[1] && isCapitalised(t[2]) && !NOT_SURNAMES.has(t[2].toLowerCase()) && !ENGLISH_STOP_WORDS.has(t[2].toLowerCase())) {
        const end = NEXT_NAME.lastIndex;
        if (freeFrom(end - t[2].length, end)) {
          push(end - t[2].length, end, 'names', t[2]);
          i = end;
        }
      }
      continue;
    }
    if (kind & GENDERED) continue;
    const caps = capital && isAllCaps(base);
    const first = (kind & FIRST) !== 0;
    const ambiguous = (kind & AMBIGUOUS) !== 0;
    // "Grace" yes, "grace period" and "ADA" no; lower-case surnames alone are words ("green", "young")
    let isName = ambiguous ? capital && !caps : capital || (first && (kind & SURNAME) === 0);
    let surname = first && !possessive ? surnameAfter(s, b, capital, caps, ambiguous) : null;
    if (surname && !freeFrom(surname.start, surname.end)) surname = null;
    if (surname) isName = true;
    if (!isName) continue;
    push(a, b, 'names', base);
    if (surname) {
      push(surname.start, surname.end, 'names', surname.term);
      i = surname.end;
    }
  }
  return found;
}

/**
 * The surname right after a first name ending at `b`, if the next word looks like one: a known surname;
 * after a capitalised first name a capitalised word (with particles: "van der Berg"); after a lower-case
 * one a plain lower-case word that is not a verb or filler ("jane doe" but not "emily joined"); after an
 * all-capitals one an all-capitals word. An ambiguous lower-case name ("grace") only before a known surname.
 */
function surnameAfter(s: string, b: number, capital: boolean, caps: boolean, ambiguous: boolean): { start: number; end: number; term: string } | null {
  if (capital && !caps) {
    PARTICLE_RUN.lastIndex = b;
    const pm = PARTICLE_RUN.exec(s);
    if (pm) {
      const term = pm[0].trim();
      return { start: PARTICLE_RUN.lastIndex - term.length, end: PARTICLE_RUN.lastIndex, term };
    }
  }
  NEXT_NAME.lastIndex = b;
  const t = NEXT_NAME.exec(s);
  if (!t) return null;
  let next = t[2];
  let end = NEXT_NAME.lastIndex;
  if (/['’]s$/i.test(next)) {
    next = next.slice(0, -2);
    end -= 2;
  }
  const lower = next.toLowerCase();
  let ok: boolean;
  if (ambiguous && !capital) ok = SURNAME_SET.has(lower);
  else if (caps) ok = SURNAME_SET.has(lower) || (isAllCaps(next) && !ENGLISH_STOP_WORDS.has(lower) && !NOT_SURNAMES.has(lower));
  else ok = isSurnameAfter(next, capital);
  return ok ? { start: end - next.length, end, term: next } : null;
}

/** The user's terms as one case-insensitive whole-word pattern (longest first), or null. */
export function customTermsPattern(terms: readonly string[] | undefined): RegExp | null {
  const custom = (terms ?? []).map((t) => t.trim()).filter(Boolean);
  if (custom.length === 0) return null;
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${custom.sort((a, b) => b.length - a.length).map(escapeRegex).join('|')})(?![\\p{L}\\p{N}])`, 'giu');
}

export function anonymizeTexts(texts: ReadonlyArray<string | null>, o: AnonymizeOptions): AnonymizeResult {
  const counts = Object.fromEntries(ANONYMIZE_CATEGORIES.map((c) => [c, 0])) as Record<AnonymizeCategory, number>;
  const terms: AnonymizeResult['terms'] = { names: new Map(), pronouns: new Map(), gendered: new Map(), custom: new Map() };
  const detect: DetectOptions = { categories: o.categories, customPattern: customTermsPattern(o.customTerms) };
  let rowsChanged = 0;
  const out = texts.map((text) => {
    if (text == null || text === '') return text;
    const spans = detectPii(text, detect);
    if (spans.length === 0) return text;
    let s = '';
    let copied = 0;
    for (const sp of spans) {
      counts[sp.category]++;
      const m = terms[sp.category];
      if (m && sp.term !== undefined) m.set(sp.term, (m.get(sp.term) ?? 0) + 1);
      s += text.slice(copied, sp.start) + (o.mode === 'mask' ? MASKS[sp.category] : '');
      copied = sp.end;
    }
    s += text.slice(copied);
    if (o.mode === 'remove') s = tidyAfterRemoval(s);
    if (s !== text) rowsChanged++;
    return s;
  });
  return { texts: out, counts, rowsChanged, terms };
}
