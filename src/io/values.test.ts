import { describe, expect, it } from 'vitest';
import { daysFromCivil, formatDate, numberInfo, parseBoolean, parseDate, parseGroupedNumber, parseNumber, parseNumberAs } from './values.ts';
import { decimalEvidence, inferKind } from './infer.ts';

describe('parseNumber', () => {
  it('reads decimal literals and flags integers', () => {
    expect(parseNumber('42')).toBe(42);
    expect(numberInfo.integer).toBe(true);
    expect(parseNumber('-3.25')).toBe(-3.25);
    expect(numberInfo.integer).toBe(false);
    expect(parseNumber('+.5')).toBe(0.5);
    expect(parseNumber('1e3')).toBe(1000);
    expect(parseNumber('6502.93')).toBe(6502.93);
    expect(parseNumber('12345678901234567890')).toBe(Number('12345678901234567890'));
  });
  it('rejects what Number() would wrongly accept', () => {
    for (const s of ['', ' ', '0x1F', 'Infinity', '1,000', '1 000', '.', '-', '1e', '1.2.3', 'abc', '12abc']) {
      expect(parseNumber(s), s).toBeNaN();
    }
  });
  it('notices leading zeros', () => {
    parseNumber('007');
    expect(numberInfo.leadingZero).toBe(true);
    parseNumber('0.7');
    expect(numberInfo.leadingZero).toBe(false);
  });
});

describe('parseBoolean', () => {
  it('reads true/false in any case only', () => {
    expect(parseBoolean('TRUE')).toBe(1);
    expect(parseBoolean('false')).toBe(0);
    expect(parseBoolean('yes')).toBeNaN();
    expect(parseBoolean('1')).toBeNaN();
  });
});

describe('dates', () => {
  it('reads ISO dates and timestamps as UTC', () => {
    expect(parseDate('2024-03-31', 'ymd')).toBe(Date.UTC(2024, 2, 31));
    expect(parseDate('2021-06-01T13:30:00.000Z', 'ymd')).toBe(Date.UTC(2021, 5, 1, 13, 30));
    expect(parseDate('2021-06-01 13:30', 'ymd')).toBe(Date.UTC(2021, 5, 1, 13, 30));
    expect(parseDate('2021-06-01T12:00:00+02:00', 'ymd')).toBe(Date.UTC(2021, 5, 1, 10, 0));
  });
  it('reads month/day and day/month orders and two-digit years', () => {
    expect(parseDate('3/31/2024', 'mdy')).toBe(Date.UTC(2024, 2, 31));
    expect(parseDate('31/03/2024', 'dmy')).toBe(Date.UTC(2024, 2, 31));
    expect(parseDate('31.03.2024', 'dmy')).toBe(Date.UTC(2024, 2, 31));
    expect(parseDate('07/10/83', 'mdy')).toBe(Date.UTC(1983, 6, 10));
    expect(parseDate('01/02/05', 'mdy')).toBe(Date.UTC(2005, 0, 2));
  });
  it('rejects impossible dates', () => {
    expect(parseDate('2023-02-29', 'ymd')).toBeNaN();
    expect(parseDate('2024-02-29', 'ymd')).toBe(Date.UTC(2024, 1, 29));
    expect(parseDate('13/31/2024', 'mdy')).toBeNaN();
    expect(parseDate('2024-13-01', 'ymd')).toBeNaN();
    expect(parseDate('3/31/2024', 'ymd')).toBeNaN();
    expect(parseDate('20240331', 'ymd')).toBeNaN();
  });
  it('formats midnight dates as YYYY-MM-DD and others in full', () => {
    expect(formatDate(Date.UTC(1969, 11, 31))).toBe('1969-12-31');
    expect(formatDate(Date.UTC(2021, 5, 1, 13, 30))).toBe('2021-06-01T13:30:00.000Z');
  });
});

describe('inferKind', () => {
  it('chooses the narrowest type that fits', () => {
    expect(inferKind(['1', '2', '3']).kind).toBe('integer');
    expect(inferKind(['1', '2.5']).kind).toBe('number');
    expect(inferKind(['true', 'FALSE']).kind).toBe('boolean');
    expect(inferKind(['2020-01-01', '2021-12-31'])).toEqual({ kind: 'date', order: 'ymd', ambiguous: false });
    expect(inferKind(['Yes', 'No']).kind).toBe('string');
    expect(inferKind([]).kind).toBe('pending');
  });
  it('tells day-first from month-first dates by the values', () => {
    expect(inferKind(['31/01/2020', '01/02/2020'])).toEqual({ kind: 'date', order: 'dmy', ambiguous: false });
    expect(inferKind(['01/31/2020', '02/01/2020'])).toEqual({ kind: 'date', order: 'mdy', ambiguous: false });
    expect(inferKind(['01/02/2020'])).toEqual({ kind: 'date', order: 'mdy', ambiguous: true });
  });
  it('keeps codes with leading zeros as strings', () => {
    expect(inferKind(['02134', '10001']).kind).toBe('string');
  });
  it('tolerates up to 20% stray values in a typed column, not more', () => {
    const values = Array.from({ length: 100 }, (_, i) => String(i));
    for (let k = 0; k < 20; k++) values[k * 5] = `abc${k}`;
    expect(inferKind(values).kind).toBe('integer');
    values[1] = 'x';
    expect(inferKind(values).kind).toBe('string');
    const dates = Array.from({ length: 10 }, (_, i) => `2020-01-${10 + i}`);
    dates[3] = 'soon';
    expect(inferKind(dates)).toMatchObject({ kind: 'date', order: 'ymd' });
    const flags = ['true', 'false', 'true', 'yes', 'false'];
    expect(inferKind(flags).kind).toBe('boolean');
  });
});

describe('daysFromCivil', () => {
  it('matches Date.UTC across centuries and leap days', () => {
    for (const [y, m, d] of [[1970, 1, 1], [1900, 3, 1], [2000, 2, 29], [1600, 12, 31], [2099, 7, 4], [1969, 12, 31]]) {
      expect(daysFromCivil(y, m, d) * 86400000).toBe(Date.UTC(y, m - 1, d));
    }
  });
});

describe('parseNumber on ranges', () => {
  it('reads a cell inside a line and agrees with Number() on random decimals', () => {
    expect(parseNumber('a,12.5,b', 2, 6)).toBe(12.5);
    expect(parseNumber('x-0.001y', 1, 7)).toBe(-0.001);
    let seed = 1;
    const next = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (let k = 0; k < 5000; k++) {
      const s = (next() * 10 ** Math.floor(next() * 12)).toFixed(Math.floor(next() * 8));
      expect(parseNumber(s), s).toBe(Number(s));
      const e = `${s}e${Math.floor(next() * 40) - 20}`;
      expect(parseNumber(e), e).toBe(Number(e));
    }
  });
});

describe('parseNumberAs: thousands separators and decimal commas', () => {
  const point = (s: string) => parseNumberAs(s, 'point');
  const comma = (s: string) => parseNumberAs(s, 'comma');
  it('reads each convention with its separators', () => {
    expect([point('1,234.5'), point('1 234.5'), point("1'234'567.25"), point('-52,000'), point('12.5')]).toEqual([1234.5, 1234.5, 1234567.25, -52000, 12.5]);
    expect([comma('1.234,5'), comma('1 234,5'), comma('1\u202f234,5'), comma('12,5'), comma('-0,75'), comma('1.234'), comma('7')]).toEqual([1234.5, 1234.5, 1234.5, 12.5, -0.75, 1234, 7]);
    comma('1.234,5');
    expect([numberInfo.grouped, numberInfo.decimalComma, numberInfo.integer]).toEqual([true, true, false]);
    comma('1.234');
    expect([numberInfo.grouped, numberInfo.decimalComma, numberInfo.integer]).toEqual([true, false, true]);
  });
  it('keeps overflow visible as Infinity for the caller to report', () => {
    expect(point('1e309')).toBe(Infinity);
    expect(comma('-1e309')).toBe(-Infinity);
  });
  it('refuses malformed groups, dates, versions and mixed separators', () => {
    for (const s of ['1,23.5', '12,5', '1,2345', '0,123', '1.234,5', '15.01.2020', '1.2.3', '1,234 567', ',', '-', '1,', 'abc', '1,234x']) {
      expect(point(s), s).toBeNaN();
    }
    for (const s of ['1.23,5', '1,234.5', '0.123', '15.01.2020', '1 234.5', '1.234 567', '.', '12,5,6']) {
      expect(comma(s), s).toBeNaN();
    }
    expect(parseGroupedNumber('x1,234y', 1, 6, false)).toBe(1234);
  });
  it('tells unambiguous values from ambiguous ones', () => {
    expect(decimalEvidence(['1,234.5', '12.5', '0.123', '7'])).toEqual({ point: 3, comma: 0, ambiguous: 0 });
    expect(decimalEvidence(['1.234,5', '12,5', '0,5'])).toEqual({ point: 0, comma: 3, ambiguous: 0 });
    expect(decimalEvidence(['1,234', '1.234', '1 234'])).toEqual({ point: 0, comma: 0, ambiguous: 2, ambiguousExample: '1,234' });
  });
});
