/**
 * The in-place reader of quoted records (parseRecords' fast path) against the line-by-line reader that
 * hands every quoted record to papaparse (parseRecordsByLines): same records, problems, lines and cursor
 * on clean and malformed text, for every delimiter and line break, partial chunks or not.
 */
import { describe, expect, it } from 'vitest';
import { createRng } from '../core/rng.ts';
import { parseRecords, parseRecordsByLines } from './csv.ts';
import { NEVER_CLOSED, readQuotedRecord, UNCLEAN, unknownPositions } from './quoted-record.ts';

const DELIMITERS = [',', ';', '\t', '|'];
const NEWLINES = ['\n', '\r\n', '\r'];

function expectSameAsByLines(text: string, d: string, nl: string, partial: boolean, firstLine = 1): void {
  const fast = parseRecords(text, d, nl, partial, firstLine);
  const byLines = parseRecordsByLines(text, d, nl, partial, firstLine);
  expect(fast, `${JSON.stringify(text)} d=${JSON.stringify(d)} nl=${JSON.stringify(nl)} partial=${partial}`).toEqual(byLines);
}

describe('readQuotedRecord', () => {
  it('reads quoted values with line breaks and doubled quotes, and counts the line breaks inside', () => {
    const text = 'R1,"Ann Lee\nann@x.org\nSAID ""hi""",7,F\nR2,x,8,M';
    const r = readQuotedRecord(text, 0, ',', '\n', unknownPositions());
    expect(r).toEqual({ fields: ['R1', 'Ann Lee\nann@x.org\nSAID "hi"', '7', 'F'], end: text.indexOf('\nR2'), breaks: 2 });
  });

  it('treats a quote inside an unquoted value as an ordinary character', () => {
    expect(readQuotedRecord('5\'11",tall\n', 0, ',', '\n', unknownPositions())).toEqual({ fields: ['5\'11"', 'tall'], end: 10, breaks: 0 });
  });

  it('gives up on a value closed by something else, and says when a quote is never closed', () => {
    expect(readQuotedRecord('"ab"c,d\n', 0, ',', '\n', unknownPositions())).toBe(UNCLEAN);
    expect(readQuotedRecord('"ab" ,d\n', 0, ',', '\n', unknownPositions())).toBe(UNCLEAN);
    expect(readQuotedRecord('a,"open\nstill open', 0, ',', '\n', unknownPositions())).toBe(NEVER_CLOSED);
  });
});

describe('parseRecords reads quoted records in place exactly as papaparse does', () => {
  it('on resume-like text: multi-line quoted values, CRLF, empty values, a trailing delimiter', () => {
    const rows = [
      'id,text,years,gender',
      '1,"Mark Wang\r\nmark@x.com | 555-983-1047\r\nSKILLS\r\nGo, Rust",7,Male',
      '2,"",3,',
      '3,"said ""no""",,Female',
      '4,plain,2,"F"',
      '',
    ];
    const text = rows.join('\r\n');
    for (const partial of [false, true]) for (const first of [1, 40]) expectSameAsByLines(text, ',', '\r\n', partial, first);
    const r = parseRecords(text, ',', '\r\n', false);
    expect(r.records[1]).toEqual(['1', 'Mark Wang\r\nmark@x.com | 555-983-1047\r\nSKILLS\r\nGo, Rust', '7', 'Male']);
    expect(r.lineOf).toEqual([1, 2, 6, 7, 8, 9]);
    expect(r.lines).toBe(9);
  });

  it('falls back to papaparse from the first malformed record on (same problems and lines)', () => {
    const text = 'a,b\n"x\ny",1\n"bad"quote,2\n3,"never closed\n4,5\n';
    for (const partial of [false, true]) expectSameAsByLines(text, ',', '\n', partial);
    const r = parseRecords(text, ',', '\n', false);
    expect(r.errors.size).toBeGreaterThan(0);
  });

  it('on 600 random texts of quotes, delimiters and line breaks', () => {
    const rng = createRng(4711);
    const pieces = ['"', '""', ',', ';', '|', '\t', '\n', '\r', '\r\n', 'a', '12', ' ', 'é', '"x"y', '" ', ' "', '"a,b"', '"l1\nl2"', '"q""q"', ',"', '",', '"\r\n'];
    for (let round = 0; round < 600; round++) {
      let text = '';
      const n = rng.int(60);
      for (let k = 0; k < n; k++) text += pieces[rng.int(pieces.length)];
      for (const d of DELIMITERS) for (const nl of NEWLINES) for (const partial of [false, true]) expectSameAsByLines(text, d, nl, partial, 1 + rng.int(5));
    }
  });

  it('on 300 random well-formed files with quoted values (RFC 4180 quoting)', () => {
    const rng = createRng(99);
    const alphabet = ['a', 'b', ' ', '1', '.', ',', ';', '|', '\t', '"', '\n', '\r\n', 'é'];
    for (let round = 0; round < 300; round++) {
      const d = DELIMITERS[rng.int(DELIMITERS.length)];
      const nl = NEWLINES[rng.int(2)];
      const lines: string[] = [];
      for (let r = 0; r < 1 + rng.int(40); r++) {
        const fields: string[] = [];
        for (let c = 0; c < 2 + rng.int(4); c++) {
          let s = '';
          for (let k = rng.int(10); k > 0; k--) s += alphabet[rng.int(alphabet.length)];
          fields.push(/["\r\n]/.test(s) || s.includes(d) || rng.next() < 0.2 ? `"${s.replace(/"/g, '""')}"` : s);
        }
        lines.push(fields.join(d));
      }
      const text = lines.join(nl) + (rng.next() < 0.5 ? nl : '');
      for (const partial of [false, true]) expectSameAsByLines(text, d, nl, partial);
    }
  });
});
