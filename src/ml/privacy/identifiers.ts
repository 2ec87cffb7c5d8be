/**
 * Validators for personal identifiers, shared by the column PII scan (pii-scan.ts) and the free-text
 * anonymiser (src/ml/text/anonymize.ts). Where a format has a checksum it is checked, so a random
 * number of the right length is not taken for an identifier.
 */

/** US Social Security number, "123-45-6789" or 9 digits: area 001–899 except 666, group ≠ 00, serial ≠ 0000 (SSA rules). */
export function isValidSsn(s: string): boolean {
  const m = /^(\d{3})[- ]?(\d{2})[- ]?(\d{4})$/.exec(s.trim());
  if (!m) return false;
  const area = Number(m[1]);
  return area !== 0 && area !== 666 && area < 900 && m[2] !== '00' && m[3] !== '0000';
}

/**
 * UK National Insurance number, "QQ 12 34 56 C": two prefix letters (D F I Q U V never; O never second;
 * BG GB KN NK NT TN ZZ not issued), six digits, suffix A–D (HMRC NIM39110).
 */
export function isValidUkNino(s: string): boolean {
  const t = s.replace(/\s+/g, '').toUpperCase();
  if (!/^[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\d{6}[A-D]$/.test(t)) return false;
  return !['BG', 'GB', 'KN', 'NK', 'NT', 'TN', 'ZZ'].includes(t.slice(0, 2));
}

/** n mod 97 for a long digit string, without BigInt (chunks of 7 digits stay exact in doubles). */
function mod97(digits: string): number {
  let r = 0;
  for (let i = 0; i < digits.length; i += 7) r = Number(String(r) + digits.slice(i, i + 7)) % 97;
  return r;
}

/**
 * French social security number (NIR, "numéro de sécurité sociale"): 13 characters (sex, year, month,
 * department — 2A/2B for Corsica —, commune, order) and a 2-digit key = 97 − (number mod 97).
 */
export function isValidFrenchNir(s: string): boolean {
  const t = s.replace(/[\s.-]+/g, '').toUpperCase();
  const m = /^([1-478])(\d{2})(0[1-9]|1[0-2]|[2-9]\d)(\d{2}|2A|2B)(\d{3})(\d{3})(\d{2})$/.exec(t);
  if (!m) return false;
  // Corsica: 2A counts as 19, 2B as 18 in the key (INSEE)
  const body = t.slice(0, 13).replace('2A', '19').replace('2B', '18');
  return 97 - mod97(body) === Number(m[7]);
}

/** IBAN (ISO 13616): country, check digits, BBAN; the whole rearranged number mod 97 must be 1. */
export function isValidIban(s: string): boolean {
  const t = s.replace(/\s+/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(t)) return false;
  const rearranged = t.slice(4) + t.slice(0, 4);
  let digits = '';
  for (const ch of rearranged) digits += ch >= 'A' ? String(ch.charCodeAt(0) - 55) : ch;
  return mod97(digits) === 1;
}

// Verhoeff's dihedral-group tables (used by the Aadhaar check digit).
const VERHOEFF_D = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 2, 3, 4, 0, 6, 7, 8, 9, 5], [2, 3, 4, 0, 1, 7, 8, 9, 5, 6], [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
  [4, 0, 1, 2, 3, 9, 5, 6, 7, 8], [5, 9, 8, 7, 6, 0, 4, 3, 2, 1], [6, 5, 9, 8, 7, 1, 0, 4, 3, 2], [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
  [8, 7, 6, 5, 9, 3, 2, 1, 0, 4], [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
];
const VERHOEFF_P = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 5, 7, 6, 2, 8, 3, 0, 9, 4], [5, 8, 0, 3, 7, 9, 6, 1, 4, 2], [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
  [9, 4, 5, 3, 1, 2, 6, 8, 7, 0], [4, 2, 8, 6, 5, 7, 3, 9, 0, 1], [2, 7, 9, 3, 8, 0, 6, 4, 1, 5], [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
];

/** Indian Aadhaar number: 12 digits, not starting with 0 or 1, the last a Verhoeff check digit (UIDAI). */
export function isValidAadhaar(s: string): boolean {
  const t = s.replace(/[\s-]+/g, '');
  if (!/^[2-9]\d{11}$/.test(t)) return false;
  let c = 0;
  for (let i = 0; i < t.length; i++) c = VERHOEFF_D[c][VERHOEFF_P[i % 8][t.charCodeAt(t.length - 1 - i) - 48]];
  return c === 0;
}

/** Indian PAN (tax id): 5 letters (the fourth the holder type: P person, C company …), 4 digits, 1 letter. */
export function isIndianPan(s: string): boolean {
  return /^[A-Z]{3}[PCHFATBLJG][A-Z]\d{4}[A-Z]$/.test(s.trim());
}

/** A national identifier in one of the checked formats (US SSN, UK NINO, French NIR, Indian Aadhaar and PAN). */
export function isNationalId(s: string): boolean {
  return isValidSsn(s) || isValidUkNino(s) || isValidFrenchNir(s) || isValidAadhaar(s) || isIndianPan(s);
}

/**
 * Passport numbers have no public checksum outside the machine-readable zone: accepted are the shapes
 * of the common issuers (US and UK 9 digits, French 2 digits + 2 letters + 5 digits, German 9
 * characters without vowels, and a generic 1–2 letters + 6–8 digits). Only meaningful next to the word
 * "passport" or in a column named so: alone, a 9-digit number is not evidence.
 */
export function isPassportShape(s: string): boolean {
  const t = s.replace(/\s+/g, '').toUpperCase();
  return /^(?:\d{9}|\d{2}[A-Z]{2}\d{5}|[CFGHJKLMNPRTVWXYZ][CFGHJKLMNPRTVWXYZ0-9]{8}|[A-Z]{1,2}\d{6,8})$/.test(t) && /\d/.test(t);
}

export const EMAIL_PATTERN = /^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$/;

export function isEmail(s: string): boolean {
  return EMAIL_PATTERN.test(s.trim());
}

/** Digits in a phone-like string; phone numbers have 9–15 (E.164 allows 15; national numbers ≥ 9 in practice). */
export function phoneDigitCount(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
}

const PHONE_SHAPE = /^(?:\+|00)?[\d\s().\-/]+(?:\s*(?:x|ext\.?)\s*\d{1,5})?$/i;

/**
 * A whole value written like a phone number: 9–15 digits with the usual separators. Without any
 * separator it must start with + or 0 (trunk prefix): a bare 10-digit integer is more often an id.
 */
export function isPhone(s: string): boolean {
  const t = s.trim();
  if (!PHONE_SHAPE.test(t)) return false;
  const main = t.replace(/\s*(?:x|ext\.?)\s*\d{1,5}$/i, '');
  const d = phoneDigitCount(main);
  if (d < 9 || d > 15) return false;
  if (/^\d{4}-\d{2}-\d{2}$/.test(main)) return false;
  const bare = /^\+?\d+$/.test(main);
  return !bare || main.startsWith('+') || main.startsWith('0');
}

/*
 * Street addresses. Three shapes cover most HR exports and resumes: number first with a street-type
 * word last (English: "221B Baker Street", "1600 Pennsylvania Ave NW, Washington, DC 20500"), number
 * first with the street-type word first (French: "12 rue de la Paix, 75002 Paris"), and street name
 * first with the number after (German, Spanish, Dutch: "Hauptstraße 5", "Calle Mayor 10").
 * Global flags: use with lastIndex / matchAll, or anchored copies via `looksLikeStreetAddress`.
 */
const EN_STREET_TYPE =
  'Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Place|Pl|Square|Sq|Terrace|Way|Close|Crescent|Parkway|Pkwy|Highway|Hwy|Row|Gardens|Mews|Grove|Circle|Cir|Trail|Walk';
const EN_TAIL =
  String.raw`(?:,?[ \t]*(?:Apt|Apartment|Suite|Ste|Unit|Flat|Floor|#)\.?[ \t]*[A-Za-z0-9-]+)?` +
  String.raw`(?:,[ \t]*[A-Z][a-z]+(?:[ \t][A-Z][a-z]+){0,2})?` +
  String.raw`(?:,?[ \t]*(?:[A-Z]{2}[ \t]+\d{5}(?:-\d{4})?|[A-Z]{1,2}\d[A-Z\d]?[ \t]?\d[A-Z]{2}|\d{5}))?`;
export const EN_STREET_ADDRESS = new RegExp(
  String.raw`\b\d{1,5}[A-Za-z]?(?:[-–]\d{1,5})?,?[ \t]+(?:(?:[A-Z][A-Za-z'-]*|\d{1,3}(?:st|nd|rd|th))[ \t]+){1,4}(?:${EN_STREET_TYPE})\b\.?(?:[ \t]+(?:N|S|E|W|NE|NW|SE|SW)\b)?` + EN_TAIL,
  'g',
);
/** Lower-case English addresses ("42 baker street"): only the unabbreviated street types, so "5 dr" or "30 st" stay. */
export const EN_STREET_ADDRESS_LOWER = /\b\d{1,5}[a-z]?[ \t]+(?:[a-z][a-z'-]*[ \t]+){1,3}(?:street|avenue|road|boulevard|lane|drive|terrace|crescent|parkway)\b/g;
export const FR_STREET_ADDRESS =
  /\b\d{1,4}(?:[ \t]?(?:bis|ter))?,?[ \t]+(?:rue|avenue|av\.|boulevard|bd|allée|chemin|place|impasse|quai|route|cours)[ \t]+(?:(?:de la|de l'|du|des|de|d')[ \t]*)?[\p{Lu}][\p{L}'-]+(?:[ \t]+(?:de |du |des )?[\p{Lu}][\p{L}'-]+){0,3}(?:,?[ \t]*\d{5}[ \t]+[\p{Lu}][\p{L}-]+)?/gu;
/** Street name first, number after (German, Dutch, Nordic, Spanish, Italian, Portuguese): the part before the number. */
const NAME_FIRST_STREET =
  /(?:\b(?:Calle|Avenida|Plaza|Paseo|Via|Viale|Piazza|Rua)[ \t]+(?:(?:de la|del|de|da|do|dos)[ \t]+)?[\p{Lu}][\p{L}-]+(?:[ \t]+[\p{Lu}][\p{L}-]+){0,2},?[ \t]+(?:n[º°o]\.?[ \t]*)?|\b[\p{Lu}][\p{Ll}-]*(?:straße|strasse|str\.|weg|gasse|platz|allee|damm|laan|straat|gracht|plein|vej|gatan|gata|väg)[ \t]+)$/u;
const NAME_FIRST_NUMBER = /\d{1,4}[a-z]?\b(?:,?[ \t]*\d{4,5}[ \t]+[\p{Lu}][\p{L}-]+)?/uy;

const EN_AT = new RegExp(EN_STREET_ADDRESS.source, 'y');
const EN_LOWER_AT = new RegExp(EN_STREET_ADDRESS_LOWER.source, 'y');
const FR_AT = new RegExp(FR_STREET_ADDRESS.source, 'uy');
const LOWER_STOP = new Set(['a', 'an', 'the', 'of', 'in', 'on', 'at', 'to', 'for', 'and', 'or', 'by', 'with', 'from', 'per', 'our', 'my', 'his', 'her', 'their', 'its', 'this', 'that', 'all', 'each', 'every', 'one', 'two', 'three']);

/** Where each run of ASCII digits starts (the anchors of addresses and id numbers). */
export function digitRunStarts(s: string): number[] {
  const out: number[] = [];
  DIGIT_RUN.lastIndex = 0;
  for (let m = DIGIT_RUN.exec(s); m; m = DIGIT_RUN.exec(s)) out.push(m.index);
  return out;
}
const DIGIT_RUN = /\d+/g;

function isLetterCode(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7);
}

const STREET_WORD_END = /(?:straße|strasse|str\.|weg|gasse|platz|allee|damm|laan|straat|gracht|plein|vej|gatan|gata|väg)$/;

/** The word ending just before `sep` (the space before a number) starts with a capital or ends like a street name. */
function nameFirstCandidate(s: string, sep: number): boolean {
  let k = sep - 1;
  if (k >= 0 && s.charCodeAt(k) === 44) k--; // "Calle Mayor, 10"
  const endWord = k + 1;
  while (k >= 0 && (isLetterCode(s.charCodeAt(k)) || s.charCodeAt(k) === 46 || s.charCodeAt(k) === 45)) k--;
  if (endWord - k < 3) return false;
  const c = s.charCodeAt(k + 1);
  return (c >= 65 && c <= 90) || (c >= 0xc0 && c <= 0xde) || STREET_WORD_END.test(s.slice(k + 1, endWord));
}

export function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || (c >= 0xc0 && c <= 0x24f);
}

/**
 * Street addresses in free text as [start, end) ranges. Every shape has a house number, so the scan
 * visits only the digit runs (a resume has a few dozen) and tries the shapes anchored there, instead
 * of running four patterns over every position.
 */
export function findStreetAddresses(s: string, runs: readonly number[] = digitRunStarts(s)): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let after = 0;
  for (const i of runs) {
    if (i < after) continue;
    const prev = i > 0 ? s.charCodeAt(i - 1) : 32;
    let end = -1;
    let start = i;
    // cheap checks first: a house number is followed by a space, a comma, a letter (221B) or a range dash
    let j = i;
    while (j < s.length && s.charCodeAt(j) >= 48 && s.charCodeAt(j) <= 57) j++;
    const next = j < s.length ? s.charCodeAt(j) : 0;
    const numberFirst = next === 32 || next === 9 || next === 44 || next === 45 || next === 0x2013 || isLetterCode(next);
    if (numberFirst && !isWordChar(prev)) {
      for (const re of [EN_AT, FR_AT]) {
        re.lastIndex = i;
        const r = re.exec(s);
        if (r) {
          end = i + r[0].trimEnd().length;
          break;
        }
      }
      if (end < 0) {
        EN_LOWER_AT.lastIndex = i;
        const r = EN_LOWER_AT.exec(s);
        // "in 3 of the main lanes" is not an address: the street's own words are no filler words
        if (r && !r[0].split(/[ \t]+/).slice(1, -1).some((w) => LOWER_STOP.has(w))) end = i + r[0].length;
      }
    }
    // street name first: only where the word before the number is capitalised or ends like a street,
    // and the number is no version or decimal ("Spring 3.2")
    const decimal = (next === 46 || next === 44) && j + 1 < s.length && s.charCodeAt(j + 1) >= 48 && s.charCodeAt(j + 1) <= 57;
    if (end < 0 && !decimal && (prev === 32 || prev === 9 || prev === 0xba || prev === 0xb0) && nameFirstCandidate(s, i - 1)) {
      const before = NAME_FIRST_STREET.exec(s.slice(Math.max(0, i - 60), i));
      if (before) {
        NAME_FIRST_NUMBER.lastIndex = i;
        const r = NAME_FIRST_NUMBER.exec(s);
        if (r) {
          start = i - before[0].length;
          end = i + r[0].length;
        }
      }
    }
    if (end > 0) {
      out.push([start, end]);
      after = end;
    }
  }
  return out;
}

/** A whole value that is (or starts with) a street address. */
export function looksLikeStreetAddress(s: string): boolean {
  const t = s.trim();
  const first = findStreetAddresses(t)[0];
  return first !== undefined && first[0] === 0;
}
