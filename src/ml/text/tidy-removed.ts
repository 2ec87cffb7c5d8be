/**
 * Tidies text after personal data was cut out of it (anonymize-text in "remove" mode): no doubled
 * spaces, no space before punctuation, no stray separators, no empty lead lines. The result is exactly
 *
 *   s.replace(/[ \t]{2,}/g, ' ').replace(/ +([,.;:!?])/g, '$1').replace(/\|(?:[ \t]*\|)+/g, '|')
 *    .replace(/^[ \t|]+|[ \t|]+$/gm, '').replace(/\n{3,}/g, '\n\n').replace(/^\n+/, '')
 *
 * (TIDY_STEPS below), computed faster: the first four steps never look across a line terminator, so
 * they run, by hand, only on the lines that may be untidy (a resume has a few), and the last two only
 * when their pattern occurs.
 */

/** The first four steps, for one line (no line terminator inside, so ^ and $ are its ends). */
const LINE_STEPS: ReadonlyArray<[RegExp, string]> = [
  [/[ \t]{2,}/g, ' '],
  [/ +([,.;:!?])/g, '$1'],
  [/\|(?:[ \t]*\|)+/g, '|'],
  [/^[ \t|]+|[ \t|]+$/gm, ''],
];
const BLANK_LINES = /\n{3,}/g;
const LEADING_NEWLINES = /^\n+/;

/** All the steps in order: the definition, which the tests compare against. */
export const TIDY_STEPS: ReadonlyArray<[RegExp, string]> = [...LINE_STEPS, [BLANK_LINES, '\n\n'], [LEADING_NEWLINES, '']];

const isBlank = (c: number) => c === 32 || c === 9;

/** LINE_STEPS by hand (a regular expression call costs more than these scans of a short line). */
function tidyLine(line: string): string {
  let s = line;
  if (s.includes('  ') || s.includes('\t')) s = collapseBlanks(s);
  if (SPACE_BEFORE_PUNCTUATION.test(s)) s = dropSpacesBeforePunctuation(s);
  if (s.includes('|')) s = collapsePipes(s);
  return trimSeparators(s);
}
const SPACE_BEFORE_PUNCTUATION = / [,.;:!?]/;

/** [ \t]{2,} → ' ' */
function collapseBlanks(s: string): string {
  let out = '';
  let copied = 0;
  for (let i = 0; i < s.length; i++) {
    if (!isBlank(s.charCodeAt(i))) continue;
    let j = i + 1;
    while (j < s.length && isBlank(s.charCodeAt(j))) j++;
    if (j - i >= 2) {
      out += s.slice(copied, i) + ' ';
      copied = j;
    }
    i = j;
  }
  return copied === 0 ? s : out + s.slice(copied);
}

/** / +([,.;:!?])/ → '$1' */
function dropSpacesBeforePunctuation(s: string): string {
  let out = '';
  let copied = 0;
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) !== 32) continue;
    let j = i + 1;
    while (j < s.length && s.charCodeAt(j) === 32) j++;
    if (j < s.length && isPunctuation(s.charCodeAt(j))) {
      out += s.slice(copied, i);
      copied = j;
    }
    i = j;
  }
  return copied === 0 ? s : out + s.slice(copied);
}

/** \|(?:[ \t]*\|)+ → '|' */
function collapsePipes(s: string): string {
  let out = '';
  let copied = 0;
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) !== 124) continue;
    let end = i + 1;
    for (let j = end; ; j++) {
      while (j < s.length && isBlank(s.charCodeAt(j))) j++;
      if (j === s.length || s.charCodeAt(j) !== 124) break;
      end = j + 1;
    }
    if (end > i + 1) {
      out += s.slice(copied, i) + '|';
      copied = end;
    }
    i = end - 1;
  }
  return copied === 0 ? s : out + s.slice(copied);
}

/** ^[ \t|]+|[ \t|]+$ on one line: the separators at either end. */
function trimSeparators(s: string): string {
  const edge = (c: number) => c === 32 || c === 9 || c === 124;
  let a = 0;
  let b = s.length;
  while (a < b && edge(s.charCodeAt(a))) a++;
  while (b > a && edge(s.charCodeAt(b - 1))) b--;
  return a === 0 && b === s.length ? s : s.slice(a, b);
}

/** , . ; : ! ? */
function isPunctuation(c: number): boolean {
  return c === 44 || c === 46 || c === 59 || c === 58 || c === 33 || c === 63;
}

/** JavaScript's line terminators (where a multiline ^ and $ match). */
function isLineTerminator(c: number): boolean {
  return c === 10 || c === 13 || c === 0x2028 || c === 0x2029;
}

/**
 * Where a line may be untidy: a pipe or a tab (either may need collapsing), a space at the start of a
 * line, or one followed by another, by punctuation or by the end of the line. The regular expression
 * engine finds these much faster than a loop over the characters; `test` (no match object) leaves
 * lastIndex after the match, whose last character is on the untidy line or ends it.
 */
const UNTIDY = /[|\t]| [ ,.;:!?\n\r\u2028\u2029]|[\n\r\u2028\u2029] /g;

export function tidyAfterRemoval(s: string): string {
  const n = s.length;
  let out = '';
  let copied = 0;
  const first = s.charCodeAt(0);
  const last = s.charCodeAt(n - 1);
  // the pattern does not see a space at the very start or end
  let at = first === 32 ? 0 : -1;
  UNTIDY.lastIndex = 0;
  for (;;) {
    if (at < 0) {
      if (UNTIDY.test(s)) {
        at = UNTIDY.lastIndex - 1;
        if (isLineTerminator(s.charCodeAt(at))) at--; // " \\n": the line the space ends
      } else if (last === 32 && copied < n) at = n - 1;
      else break;
    }
    let start = at;
    while (start > 0 && !isLineTerminator(s.charCodeAt(start - 1))) start--;
    let end = at + 1;
    while (end < n && !isLineTerminator(s.charCodeAt(end))) end++;
    out += s.slice(copied, start) + tidyLine(s.slice(start, end));
    copied = end;
    UNTIDY.lastIndex = end;
    at = -1;
  }
  let t = copied === 0 ? s : out + s.slice(copied);
  if (t.includes('\n\n\n')) t = t.replace(BLANK_LINES, '\n\n');
  // ^\n+ → '': a slice shares the characters instead of copying them (the replace would)
  let lead = 0;
  while (t.charCodeAt(lead) === 10) lead++;
  return lead === 0 ? t : t.slice(lead);
}
