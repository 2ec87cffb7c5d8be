/**
 * Fast, allocation-free parsers for cell text: numbers, booleans and dates.
 * They run once per cell on million-row imports, so they scan char codes instead of using regexes.
 */

/**
 * Set by `parseNumber`: was the last parsed literal a plain integer (no '.', no exponent)?
 * `grouped` and `decimalComma` are set by `parseGroupedNumber` only: did the literal use a thousands
 * separator, a decimal comma?
 */
export const numberInfo = { integer: false, leadingZero: false, digits: 0, grouped: false, decimalComma: false };

const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);

/**
 * The decimal literal in `s[a, b)` (`-12`, `3.5`, `.5`, `1e-3`) as a number, or NaN for anything else
 * (no hex, no `Infinity`, no thousands separators, no surrounding spaces). Works on a range so cells
 * can be read straight out of a line without cutting a substring.
 * Side effect: fills `numberInfo` for type inference.
 */
export function parseNumber(s: string, a = 0, b = s.length): number {
  const n = b - a;
  if (n <= 0 || n > 40) return NaN;
  let i = a;
  let c = s.charCodeAt(i);
  let negative = false;
  if (c === 45 /* - */ || c === 43 /* + */) {
    negative = c === 45;
    i++;
    if (i === b) return NaN;
  }
  const intStart = i;
  let m = 0;
  let sig = 0;
  while (i < b) {
    c = s.charCodeAt(i);
    if (c < 48 || c > 57) break;
    if (sig > 0 || c !== 48) sig++;
    m = m * 10 + (c - 48);
    i++;
  }
  const intDigits = i - intStart;
  numberInfo.digits = intDigits;
  numberInfo.leadingZero = intDigits > 1 && s.charCodeAt(intStart) === 48;
  if (i === b) {
    if (intDigits === 0) return NaN;
    numberInfo.integer = true;
    // Exact up to 15 significant digits; longer literals go through Number() for correct rounding.
    if (sig > 15) return Number(s.substring(a, b));
    return negative ? -m : m;
  }
  let frac = 0;
  if (c === 46 /* . */) {
    i++;
    while (i < b) {
      c = s.charCodeAt(i);
      if (c < 48 || c > 57) break;
      if (sig > 0 || c !== 48) sig++;
      m = m * 10 + (c - 48);
      frac++;
      i++;
    }
  }
  if (intDigits === 0 && frac === 0) return NaN;
  let exp = 0;
  if (i < b) {
    if (c !== 101 && c !== 69) return NaN; // e / E
    i++;
    let expNegative = false;
    if (i < b) {
      c = s.charCodeAt(i);
      if (c === 43 || c === 45) {
        expNegative = c === 45;
        i++;
      }
    }
    const expStart = i;
    while (i < b) {
      c = s.charCodeAt(i);
      if (c < 48 || c > 57) return NaN;
      if (exp < 100000) exp = exp * 10 + (c - 48);
      i++;
    }
    if (i === expStart) return NaN;
    if (expNegative) exp = -exp;
  }
  numberInfo.integer = false;
  if (sig <= 15) {
    // Clinger's fast path: an exact mantissa (< 2^53) and an exact power of ten (≤ 1e22) give a
    // correctly rounded result with one division or multiplication, the same as Number().
    const k = frac - exp;
    if (k >= 0 && k <= 22) return negative ? -(m / POW10[k]) : m / POW10[k];
    if (k < 0 && k >= -22) return negative ? -(m * POW10[-k]) : m * POW10[-k];
  }
  return Number(s.substring(a, b));
}

/**
 * How a column writes its numbers. 'point': 1234.5, 1,234.5, 1 234.5, 1'234.5 (English, also Swiss);
 * 'comma': 1234,5, 1.234,5, 1 234,5 (most of continental Europe and Latin America).
 */
export type DecimalMark = 'point' | 'comma';

/** Characters that may separate groups of three digits under each convention (one kind per literal). */
function isGroupMark(c: number, decimalComma: boolean): boolean {
  return (
    c === (decimalComma ? 46 /* . */ : 44) /* , */ ||
    c === 32 ||
    c === 160 /* no-break space */ ||
    c === 0x202f /* narrow no-break space (French) */ ||
    c === 0x2009 /* thin space */ ||
    c === 39 /* ' (Swiss) */ ||
    c === 0x2019 /* ’ */
  );
}

/**
 * A number written with thousands separators and/or a decimal comma (`1,234.5`, `1.234,5`, `1 234,5`,
 * `12,5`) in `s[a, b)`, under the given convention; NaN when it is not one. Groups must be well formed
 * (1–3 digits, then groups of exactly 3, one kind of separator), so dates ("15.01.2020"), versions
 * ("1.2.3") and lists ("1,2") are not numbers. Sets `numberInfo` (`grouped` says whether a separator
 * was used). Slower than `parseNumber` (it may build a substring): used when that one fails, and for
 * columns with a decimal comma.
 */
export function parseGroupedNumber(s: string, a: number, b: number, decimalComma: boolean): number {
  numberInfo.grouped = false;
  numberInfo.decimalComma = false;
  if (b - a <= 0 || b - a > 60) return NaN;
  const decimal = decimalComma ? 44 : 46;
  let i = a;
  let c = s.charCodeAt(i);
  const signed = c === 45 || c === 43;
  if (signed) c = s.charCodeAt(++i);
  // A number starts with a digit (or a decimal mark): words and codes are refused at once.
  if (!(c >= 48 && c <= 57) && c !== decimal) return NaN;
  const intStart = i;
  let sep = -1;
  let groupLen = 0;
  let firstGroupZero = false;
  let digits = '';
  let runStart = i;
  while (i < b) {
    c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      groupLen++;
      i++;
      continue;
    }
    if (!isGroupMark(c, decimalComma)) break;
    if (sep === -1) {
      // The first group: 1–3 digits, not a lone 0 ("0.123" is a decimal, never a grouped 123).
      if (groupLen < 1 || groupLen > 3) return NaN;
      firstGroupZero = s.charCodeAt(intStart) === 48;
      if (firstGroupZero) return NaN;
      sep = c;
    } else if (c !== sep || groupLen !== 3) return NaN;
    digits += s.substring(runStart, i);
    groupLen = 0;
    i++;
    runStart = i;
  }
  if (sep !== -1 && groupLen !== 3) return NaN;
  if (sep === -1 && !decimalComma) {
    // No separator: only a plain literal is left, which parseNumber reads without allocating.
    return parseNumber(s, a, b);
  }
  digits += s.substring(runStart, i);
  let text = (signed && s.charCodeAt(a) === 45 ? '-' : '') + digits;
  const hasDecimal = i < b && c === decimal;
  if (hasDecimal) {
    const fracStart = ++i;
    while (i < b) {
      c = s.charCodeAt(i);
      if (c < 48 || c > 57) break;
      i++;
    }
    if (i === fracStart && digits === '') return NaN;
    text += '.' + s.substring(fracStart, i);
  }
  if (i < b) {
    if (c !== 101 && c !== 69) return NaN; // only an exponent may follow
    text += s.substring(i, b);
  }
  if (digits === '' && text.indexOf('.') < 0) return NaN;
  // Without a separator or a decimal comma the text is unchanged: read it in place.
  const v = sep === -1 && !(hasDecimal && decimalComma) ? parseNumber(s, a, b) : parseNumber(text);
  numberInfo.grouped = sep !== -1;
  numberInfo.decimalComma = decimalComma && hasDecimal;
  return v;
}

/**
 * A number under `mark`. 'point' tries the plain literal first (the fast path for almost every cell);
 * 'comma' must read every cell with the grouped parser, because "1.234" means 1234 there.
 */
export function parseNumberAs(s: string, mark: DecimalMark, a = 0, b = s.length): number {
  if (mark === 'point') {
    const v = parseNumber(s, a, b);
    if (v === v) {
      numberInfo.grouped = false;
      numberInfo.decimalComma = false;
      return v;
    }
  }
  return parseGroupedNumber(s, a, b, mark === 'comma');
}

/** true/false in any case as 1/0, else NaN (on the range `s[a, b)`). */
export function parseBoolean(s: string, a = 0, b = s.length): number {
  const n = b - a;
  // c | 32 lower-cases ASCII letters; no other character maps onto these letters.
  if (n === 4) {
    return (s.charCodeAt(a) | 32) === 116 &&
      (s.charCodeAt(a + 1) | 32) === 114 &&
      (s.charCodeAt(a + 2) | 32) === 117 &&
      (s.charCodeAt(a + 3) | 32) === 101
      ? 1
      : NaN;
  }
  if (n === 5) {
    return (s.charCodeAt(a) | 32) === 102 &&
      (s.charCodeAt(a + 1) | 32) === 97 &&
      (s.charCodeAt(a + 2) | 32) === 108 &&
      (s.charCodeAt(a + 3) | 32) === 115 &&
      (s.charCodeAt(a + 4) | 32) === 101
      ? 0
      : NaN;
  }
  return NaN;
}

/** How day, month and year are ordered in a column's dates. */
export type DateOrder = 'ymd' | 'mdy' | 'dmy';

/**
 * Scratch output of `scanDate`: [first, second, third, hour, minute, second, ms, offsetMinutes, yearFirst,
 * thirdDigits]. Reused to avoid allocating per cell.
 */
export const dateParts = new Float64Array(10);

function readInt(s: string, from: number, maxDigits: number, n: number): number {
  // Returns value * 100 + digitCount, or -1 if no digit at `from`.
  let v = 0;
  let i = from;
  while (i < n && i - from < maxDigits) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) break;
    v = v * 10 + (c - 48);
    i++;
  }
  return i === from ? -1 : v * 100 + (i - from);
}

/**
 * Splits `a<sep>b<sep>c[ T|space hh:mm[:ss[.fff]]][Z|±hh:mm]` with sep one of - / . into `dateParts`.
 * Returns false when the text does not have that shape. Validity of the calendar date is checked later.
 */
export function scanDate(s: string, start = 0, n = s.length): boolean {
  if (n - start < 6 || n - start > 40) return false;
  let i = start;
  const a = readInt(s, i, 4, n);
  if (a < 0) return false;
  const aDigits = a % 100;
  i += aDigits;
  const sep = i < n ? s.charCodeAt(i) : -1;
  if (sep !== 45 && sep !== 47 && sep !== 46) return false;
  i++;
  const b = readInt(s, i, 2, n);
  if (b < 0) return false;
  i += b % 100;
  if (i >= n || s.charCodeAt(i) !== sep) return false;
  i++;
  const c = readInt(s, i, 4, n);
  if (c < 0) return false;
  const cDigits = c % 100;
  i += cDigits;
  const yearFirst = aDigits === 4;
  if (yearFirst) {
    if (cDigits > 2) return false;
  } else {
    if (aDigits > 2 || (cDigits !== 2 && cDigits !== 4)) return false;
  }
  dateParts[0] = Math.floor(a / 100);
  dateParts[1] = Math.floor(b / 100);
  dateParts[2] = Math.floor(c / 100);
  dateParts[3] = 0;
  dateParts[4] = 0;
  dateParts[5] = 0;
  dateParts[6] = 0;
  dateParts[7] = 0;
  dateParts[8] = yearFirst ? 1 : 0;
  dateParts[9] = cDigits;
  if (i === n) return true;
  const t = s.charCodeAt(i);
  if (t !== 84 /* T */ && t !== 32) return false;
  i++;
  const hh = readInt(s, i, 2, n);
  if (hh < 0) return false;
  i += hh % 100;
  if (i >= n || s.charCodeAt(i) !== 58 /* : */) return false;
  i++;
  const mm = readInt(s, i, 2, n);
  if (mm < 0 || mm % 100 !== 2) return false;
  i += 2;
  dateParts[3] = Math.floor(hh / 100);
  dateParts[4] = Math.floor(mm / 100);
  if (i < n && s.charCodeAt(i) === 58) {
    i++;
    const ss = readInt(s, i, 2, n);
    if (ss < 0 || ss % 100 !== 2) return false;
    i += 2;
    dateParts[5] = Math.floor(ss / 100);
    if (i < n && s.charCodeAt(i) === 46) {
      i++;
      const fracStart = i;
      let ms = 0;
      while (i < n) {
        const d = s.charCodeAt(i);
        if (d < 48 || d > 57) break;
        if (i - fracStart < 3) ms = ms * 10 + (d - 48);
        i++;
      }
      if (i === fracStart) return false;
      const used = Math.min(3, i - fracStart);
      dateParts[6] = ms * (used === 1 ? 100 : used === 2 ? 10 : 1);
    }
  }
  if (i === n) return true;
  const z = s.charCodeAt(i);
  if (z === 90 /* Z */ && i === n - 1) return true;
  if (z === 43 || z === 45) {
    const oh = readInt(s, i + 1, 2, n);
    if (oh < 0 || oh % 100 !== 2) return false;
    let j = i + 3;
    if (j < n && s.charCodeAt(j) === 58) j++;
    const om = readInt(s, j, 2, n);
    if (om < 0 || om % 100 !== 2 || j + 2 !== n) return false;
    const minutes = Math.floor(oh / 100) * 60 + Math.floor(om / 100);
    dateParts[7] = z === 45 ? -minutes : minutes;
    return true;
  }
  return false;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/** Two-digit years follow the spreadsheet convention: 00–29 → 2000s, 30–99 → 1900s. */
function fullYear(y: number, digits: number): number {
  if (digits !== 2) return y;
  return y < 30 ? 2000 + y : 1900 + y;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil; faster than Date.UTC). */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** UTC milliseconds from the parts last scanned by `scanDate`, read in `order`; NaN if not a real date. */
export function datePartsToMs(order: DateOrder): number {
  const p = dateParts;
  let y: number;
  let m: number;
  let d: number;
  if (p[8] === 1) {
    if (order !== 'ymd') return NaN;
    y = p[0];
    m = p[1];
    d = p[2];
  } else {
    if (order === 'ymd') return NaN;
    y = fullYear(p[2], p[9]);
    if (order === 'mdy') {
      m = p[0];
      d = p[1];
    } else {
      d = p[0];
      m = p[1];
    }
  }
  if (m < 1 || m > 12 || d < 1) return NaN;
  const dim = m === 2 && isLeap(y) ? 29 : DAYS_IN_MONTH[m - 1];
  if (d > dim || p[3] > 23 || p[4] > 59 || p[5] > 59) return NaN;
  return daysFromCivil(y, m, d) * 86400000 + p[3] * 3600000 + p[4] * 60000 + p[5] * 1000 + p[6] - p[7] * 60000;
}

/** A date in `order` as UTC ms, or NaN. */
export function parseDate(s: string, order: DateOrder, a = 0, b = s.length): number {
  return scanDate(s, a, b) ? datePartsToMs(order) : NaN;
}

/** ISO text for a date value: `YYYY-MM-DD` at midnight UTC, the full ISO timestamp otherwise. */
export function formatDate(ms: number): string {
  const iso = new Date(ms).toISOString();
  return ms % 86400000 === 0 ? iso.slice(0, 10) : iso;
}
