/**
 * Which columns of a table hold personal data: names, e-mail addresses, phone numbers, national ids,
 * passport numbers, bank accounts, street addresses and dates of birth. Found two ways:
 * - by column name, against synonyms in several languages ("e_mail", "Téléphone", "Geburtsdatum"…);
 * - by value, on an even sample of non-empty text cells: the share that matches the category's
 *   pattern (identifiers checked with their check digits where they have one, see identifiers.ts).
 * Free-text columns in which the anonymiser finds contact details or names are reported too.
 *
 * Pure and synchronous; scanning a column costs at most `sampleSize` pattern checks.
 */
import type { Column, Table } from '../../core/table/table.ts';
import { detectPii } from '../text/anonymize.ts';
import { FEMALE_FIRST_NAMES, MALE_FIRST_NAMES, SURNAMES } from '../text/lexicons.ts';
import { ENGLISH_STOP_WORDS } from '../text/stop-words.ts';
import { isEmail, isNationalId, isPhone, isValidIban, looksLikeStreetAddress } from './identifiers.ts';
import { normalizeColumnName, PII_KIND_LABELS, type PiiKind } from './pii-kinds.ts';

// The kinds, their labels and the name normalisation live in pii-kinds.ts: the designer's main thread uses
// them without the scanner.
export { normalizeColumnName, PII_KIND_LABELS, type PiiKind };

export interface PiiFinding {
  column: string;
  kind: PiiKind;
  /** Found by the column's name, by its values, or both. */
  by: 'name' | 'values' | 'name and values';
  /** Share of the sampled non-empty cells that match (when values were checked). */
  share?: number;
  /** Non-empty cells sampled. */
  sampled: number;
  /** What to do, in one sentence. */
  advice: string;
}

export interface PiiScanOptions {
  /** Non-empty cells checked per column (default 200, spread evenly over the rows). */
  sampleSize?: number;
  /** Share of sampled cells that must match a value pattern (default 0.5). */
  minShare?: number;
}

// Whole normalised names, or patterns over them. Order matters: the first kind that matches wins.
const NAME_RULES: Array<[PiiKind, RegExp]> = [
  ['birth-date', /^(?:dob|d_o_b|birth_?date|date_?of_?birth|birth_?day|born(?:_on)?|geburtsdatum|geb_datum|date_(?:de_)?naissance|fecha_(?:de_)?nacimiento|data_(?:di_)?nascita)$|(?:^|_)(?:dob|birth_?date|date_of_birth)(?:_|$)/],
  ['passport', /(?:^|_)(?:passport|passeport|reisepass|pasaporte|passaporto)(?:_|$)/],
  ['national-id', /^(?:ssn|sin|nino|nin|nir|nid|bsn|dni|nie|cpf|tin|aadhaar|aadhar|pan|pan_no|pan_number|insee|personnummer|codice_fiscale|steuer_?id|tax_?id|taxpayer_id)$|(?:^|_)(?:ssn|social_security(?:_number|_no)?|national_(?:insurance|id)(?:_number|_no)?|ni_(?:number|no)|nino|insee|numero_(?:de_)?securite_sociale|sozialversicherungsnummer)(?:_|$)/],
  ['bank-account', /^(?:iban|bank_?account|account_?number|bank_account_number)$|(?:^|_)iban(?:_|$)/],
  ['email', /^(?:e_?mail|mail|courriel|correo|correo_electronico)$|(?:^|_)e_?mail(?:_|$)|(?:^|_)(?:e_?mail|mail)_?(?:address|adresse|addr)(?:_|$)/],
  ['phone', /^(?:tel|fax|cell|gsm|handy|portable|movil)$|(?:^|_)(?:phone|telephone|telefon|telefono|telephone_number|mobile|mobil|cell_?phone|phone_?number|contact_number|tel_?no)(?:_|$)/],
  ['address', /^(?:address|addr|street|zip|zip_?code|post_?code|postal_?code|plz|adresse|direccion|indirizzo|strasse|rue|address_line_?\d|addr_?\d)$|(?:^|_)(?:street|address|zip_?code|post_?code|postal_?code)(?:_|$)/],
  [
    'name',
    /^(?:name|full_?name|fullname|first_?name|firstname|last_?name|lastname|given_?name|family_?name|surname|middle_?name|maiden_?name|nickname|display_?name|legal_?name|preferred_?name|nom|prenom|nom_complet|nombre|apellidos?|vorname|nachname|cognome|nome)$|^(?:employee|candidate|applicant|person|contact|manager|supervisor|reviewer|worker|staff|user|customer|client|student|patient)_?name$/,
  ],
];

/** The category a column's name suggests, if any. */
export function piiKindFromName(name: string): PiiKind | undefined {
  const n = normalizeColumnName(name);
  if (n === '') return undefined;
  for (const [kind, re] of NAME_RULES) if (re.test(n)) return kind;
  return undefined;
}

const FIRST_NAME_WORDS = new Set([...FEMALE_FIRST_NAMES, ...MALE_FIRST_NAMES]);
const SURNAME_WORDS = new Set(SURNAMES);
const PERSON_NAME_SHAPE = /^[\p{L}][\p{L}'’.-]*(?:,?[ \t]+[\p{L}][\p{L}'’.-]*){0,3}$/u;

/**
 * "Jane Doe", "Doe, Jane", "jane": 1–4 words of letters, no filler words, with a known first name,
 * or two words or more of which one is a known surname ("White" alone is a colour or a race category).
 */
function looksLikePersonName(s: string): boolean {
  if (!PERSON_NAME_SHAPE.test(s)) return false;
  const words = s.toLowerCase().split(/[ \t,]+/).filter(Boolean);
  if (words.some((w) => ENGLISH_STOP_WORDS.has(w))) return false;
  if (words.some((w) => FIRST_NAME_WORDS.has(w))) return true;
  return words.length >= 2 && words.some((w) => SURNAME_WORDS.has(w));
}

const VALUE_CHECKS: Array<[PiiKind, (s: string) => boolean]> = [
  ['email', isEmail],
  ['national-id', isNationalId],
  ['bank-account', isValidIban],
  ['phone', isPhone],
  ['address', looksLikeStreetAddress],
  ['name', looksLikePersonName],
];

/** Up to `n` non-empty string cells, spread evenly over the rows. */
function sampleStrings(c: Column, nRows: number, n: number): string[] {
  if (c.type !== 'text' && c.type !== 'category') return [];
  const at = (i: number): string | null => (c.type === 'text' ? c.values[i] : c.codes[i] < 0 ? null : c.categories[c.codes[i]]);
  const out: string[] = [];
  const step = Math.max(1, Math.floor(nRows / n));
  for (let i = 0; i < nRows && out.length < n; i += step) {
    const v = at(i);
    if (v !== null && v.trim() !== '') out.push(v.trim());
  }
  return out;
}

export function adviceFor(kind: PiiKind): string {
  switch (kind) {
    case 'address':
      return 'drop it, or keep only a coarse part (a region, the first half of a postcode) if location matters; pseudonymize it to keep it only for joins';
    case 'birth-date':
      return 'drop it, or replace it by an age band before modelling (an exact date of birth identifies people and stands in for age)';
    case 'free-text':
      return 'run the anonymize-text node on it before a model reads it or it is exported';
    default:
      return 'drop it (select-columns) before modelling and exports, or pseudonymize it (pseudonymize node) if you need it to join or count';
  }
}

/** Scans every column; findings in column order. */
export function scanTableForPii(table: Table, options: PiiScanOptions = {}): PiiFinding[] {
  const sampleSize = options.sampleSize ?? 200;
  const minShare = options.minShare ?? 0.5;
  const findings: PiiFinding[] = [];
  for (const c of table.columns) {
    const byName = piiKindFromName(c.name);
    const sample = sampleStrings(c, table.nRows, sampleSize);
    let byValues: { kind: PiiKind; share: number } | undefined;
    if (sample.length > 0) {
      // the name's own category first, so "phone" with 60% phones and 55% ids counts as phones
      const checks = byName ? [...VALUE_CHECKS.filter(([k]) => k === byName), ...VALUE_CHECKS.filter(([k]) => k !== byName)] : VALUE_CHECKS;
      for (const [kind, test] of checks) {
        // a column of a few repeated labels (a department, a race category) is no list of people
        if (kind === 'name' && new Set(sample).size / sample.length < 0.3) continue;
        const share = shareAtLeast(sample, test, minShare);
        if (share !== undefined) {
          byValues = { kind, share };
          break;
        }
      }
      if (!byValues && !byName && c.type === 'text') byValues = freeTextFinding(sample);
    }
    if (!byName && !byValues) continue;
    const kind = byName ?? byValues!.kind;
    const agree = byName !== undefined && byValues !== undefined && byValues.kind === byName;
    const finding: PiiFinding = {
      column: c.name,
      kind,
      by: agree ? 'name and values' : byName ? 'name' : 'values',
      sampled: sample.length,
      advice: adviceFor(kind),
    };
    if (byValues && (agree || !byName)) finding.share = byValues.share;
    findings.push(finding);
  }
  return findings;
}

/**
 * The share of `sample` that passes `test` when it is at least `minShare`, else undefined. Stops as soon as
 * the cells left could no longer lift the share to `minShare` (a column of long free text fails every
 * pattern within the first half of its sample).
 */
function shareAtLeast(sample: readonly string[], test: (s: string) => boolean, minShare: number): number | undefined {
  const n = sample.length;
  let hits = 0;
  for (let k = 0; k < n; k++) {
    if (test(sample[k])) hits++;
    else if ((hits + n - k - 1) / n < minShare) return undefined;
  }
  const share = hits / n;
  return share >= minShare ? share : undefined;
}

/** The white space of a regular expression's \s (and of String.prototype.trim). */
function isWhiteSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 160) return false;
  return c === 160 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** `s.split(/\s+/).length` without the array: one more than the runs of white space. */
export function splitWordCount(s: string): number {
  let count = 1;
  let inSpace = false;
  for (let i = 0; i < s.length; i++) {
    const space = isWhiteSpace(s.charCodeAt(i));
    if (space && !inSpace) count++;
    inSpace = space;
  }
  return count;
}

/** Long free text: reported when at least a tenth of the sampled cells hold a name, e-mail or phone number. */
function freeTextFinding(sample: string[]): { kind: PiiKind; share: number } | undefined {
  let words = 0;
  for (const s of sample) words += splitWordCount(s);
  // short labels ("Sales", "Grace") are categories, not free text
  if (words / sample.length < 4) return undefined;
  let hits = 0;
  for (const s of sample) {
    const spans = detectPii(s, { categories: { pronouns: false, gendered: false, urls: false, custom: false } });
    if (spans.length > 0) hits++;
  }
  const share = hits / sample.length;
  return share >= 0.1 ? { kind: 'free-text', share } : undefined;
}

/** One log line per finding, e.g. for the CLI: what the column holds, how it was found, what to do. */
export function describePiiFinding(f: PiiFinding): string {
  const how =
    f.by === 'name'
      ? 'by its name'
      : `${f.by === 'values' ? 'by its values' : 'by its name and values'}: ${Math.round((f.share ?? 0) * 100)}% of ${f.sampled} sampled cells match`;
  return `Column "${f.column}" looks like ${PII_KIND_LABELS[f.kind]} (${how}). Personal data: ${f.advice}.`;
}
