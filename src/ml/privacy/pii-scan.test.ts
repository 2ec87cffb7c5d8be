import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Column, Table } from '../../core/table/table.ts';
import { importTable } from '../../io/import.ts';
import { describeWithSharedData, sharedDataPath } from '../../testing/shared-data.ts';
import { isIndianPan, isNationalId, isPassportShape, isValidAadhaar, isPhone, isValidFrenchNir, isValidIban, isValidSsn, isValidUkNino, looksLikeStreetAddress } from './identifiers.ts';
import { describePiiFinding, normalizeColumnName, piiKindFromName, scanTableForPii, splitWordCount } from './pii-scan.ts';

const text = (name: string, values: Array<string | null>): Column => ({ name, type: 'text', values });
const table = (...columns: Column[]): Table => ({ nRows: columns[0].type === 'text' ? columns[0].values.length : 0, columns });

describe('identifier validators', () => {
  it('check SSA ranges, NINO prefixes and the NIR and IBAN check digits', () => {
    expect(isValidSsn('123-45-6789')).toBe(true);
    for (const bad of ['000-12-3456', '666-12-3456', '912-12-3456', '123-00-4567', '123-45-0000', '12-345-6789']) expect(isValidSsn(bad)).toBe(false);
    expect(isValidUkNino('AB 12 34 56 C')).toBe(true);
    for (const bad of ['QQ 12 34 56 C', 'GB 12 34 56 A', 'AO 12 34 56 A', 'AB 12 34 56 E']) expect(isValidUkNino(bad)).toBe(false);
    expect(isValidFrenchNir('1 85 05 78 006 084 91')).toBe(true);
    expect(isValidFrenchNir('1 85 05 78 006 084 92')).toBe(false);
    expect(isValidIban('GB82 WEST 1234 5698 7654 32')).toBe(true);
    expect(isValidIban('DE89 3704 0044 0532 0130 00')).toBe(true);
    expect(isValidIban('GB82 WEST 1234 5698 7654 33')).toBe(false);
    expect(isNationalId('AB123456C')).toBe(true);
    expect(isValidAadhaar('2341 2341 2346')).toBe(true);
    expect(isValidAadhaar('2341 2341 2347')).toBe(false);
    expect(isValidAadhaar('1341 2341 2346')).toBe(false);
    expect(isIndianPan('AWVPB7123N')).toBe(true);
    expect(isIndianPan('ABCDE1234F')).toBe(false);
    expect(isPassportShape('12AB34567')).toBe(true);
    expect(isPassportShape('ABCDEFGHI')).toBe(false);
  });

  it('tell phone numbers from ids, dates and plain integers', () => {
    for (const p of ['(555) 123-4567', '+44 20 7946 0958', '06 12 34 56 78', '0612345678', '+14155550123', '555.123.4567 x12']) expect(isPhone(p), p).toBe(true);
    for (const p of ['2024-01-15', '1234567890', '12345', 'call me']) expect(isPhone(p), p).toBe(false);
  });

  it('recognise street addresses in several languages', () => {
    for (const a of ['221B Baker Street', '1600 Pennsylvania Ave NW, Washington, DC 20500', '12 rue de la Paix, 75002 Paris', 'Hauptstraße 5, 10115 Berlin', 'Calle Mayor 10', '42 maple avenue']) {
      expect(looksLikeStreetAddress(a), a).toBe(true);
    }
    for (const a of ['5 years of experience', 'Sales', '2019-05-12', 'Room 101']) expect(looksLikeStreetAddress(a), a).toBe(false);
  });
});

describe('piiKindFromName', () => {
  it('knows synonyms in several languages and spellings', () => {
    const cases: Record<string, string | undefined> = {
      name: 'name', full_name: 'name', 'First Name': 'name', lastName: 'name', Employee_Name: 'name', ManagerName: 'name', Prénom: 'name', Nachname: 'name',
      email: 'email', 'E-Mail': 'email', email_address: 'email', work_email: 'email', Courriel: 'email',
      phone: 'phone', Mobile: 'phone', 'Téléphone': 'phone', phone_number: 'phone', tel: 'phone',
      ssn: 'national-id', 'Social Security Number': 'national-id', NI_number: 'national-id', national_id: 'national-id',
      passport_no: 'passport', Reisepass: 'passport',
      iban: 'bank-account',
      address: 'address', street_address: 'address', Zip: 'address', postcode: 'address', PLZ: 'address',
      DOB: 'birth-date', birth_date: 'birth-date', 'Date of Birth': 'birth-date', Geburtsdatum: 'birth-date', date_naissance: 'birth-date',
      department: undefined, department_name: undefined, job_name: undefined, salary: undefined, hire_date: undefined, location: undefined, emailed: undefined, telemetry: undefined,
    };
    for (const [col, kind] of Object.entries(cases)) expect(piiKindFromName(col), col).toBe(kind);
    expect(normalizeColumnName('E-Mail Address')).toBe('e_mail_address');
  });
});

describe('scanTableForPii', () => {
  it('finds columns by name, by values, or both, and says what to do', () => {
    const n = 40;
    const rows = Array.from({ length: n }, (_, i) => i);
    const t = table(
      text('contact', rows.map((i) => `person${i}@example.com`)),
      text('full_name', rows.map((i) => `${['Jane', 'Omar', 'Priya', 'Lars', 'Mei'][i % 5]} ${['Doe', 'Haddad', 'Okafor', 'Lindqvist', 'Moreau', 'Brennan', 'Kowalczyk', 'Nakamura'][i % 8]}`)),
      text('c3', rows.map((i) => `+44 20 7946 ${String(1000 + i)}`)),
      text('ref', rows.map(() => '123-45-6789')),
      text('notes', rows.map((i) => (i % 4 === 0 ? `Call Emily Chen on 555-123-${String(4000 + i)} about the move.` : 'No change this quarter for the team.'))),
      text('department', rows.map((i) => (i % 2 ? 'Sales' : 'Engineering'))),
      { name: 'dob', type: 'date', values: new Float64Array(n) },
    );
    const f = scanTableForPii(t);
    expect(f.map((x) => [x.column, x.kind, x.by])).toEqual([
      ['contact', 'email', 'values'],
      ['full_name', 'name', 'name and values'],
      ['c3', 'phone', 'values'],
      ['ref', 'national-id', 'values'],
      ['notes', 'free-text', 'values'],
      ['dob', 'birth-date', 'name'],
    ]);
    expect(f[0].share).toBe(1);
    expect(f[0].sampled).toBe(40);
    expect(f[4].share).toBe(0.25);
    expect(describePiiFinding(f[0])).toBe(
      'Column "contact" looks like e-mail addresses (by its values: 100% of 40 sampled cells match). Personal data: drop it (select-columns) before modelling and exports, or pseudonymize it (pseudonymize node) if you need it to join or count.',
    );
    expect(describePiiFinding(f[5])).toContain('by its name');
    expect(describePiiFinding(f[5])).toContain('age band');
  });

  it('needs a minimum share of matching values', () => {
    const t = table(text('misc', ['a@b.co', 'x', 'y', 'z', 'w']));
    expect(scanTableForPii(t)).toEqual([]);
    expect(scanTableForPii(t, { minShare: 0.2 })[0]).toMatchObject({ column: 'misc', kind: 'email', share: 0.2 });
  });

  it('counts a share reached only by the last cells of the sample, and none that falls one cell short', () => {
    // The scan stops a pattern early once the cells left cannot reach the share: the boundary must hold.
    const phones = (misses: number) => Array.from({ length: 200 }, (_, i) => (i < misses ? 'none' : `+44 20 7946 ${String(1000 + i)}`));
    expect(scanTableForPii(table(text('c1', phones(100))))).toMatchObject([{ column: 'c1', kind: 'phone', share: 0.5, sampled: 200 }]);
    expect(scanTableForPii(table(text('c1', phones(101))))).toEqual([]);
    expect(scanTableForPii(table(text('c1', phones(150))), { minShare: 0.25 })).toMatchObject([{ kind: 'phone', share: 0.25 }]);
  });

  it('counts words as split(/\\s+/) does, for every kind of white space', () => {
    const spaces: string[] = [];
    for (let c = 0; c < 0x10000; c++) if (/\s/.test(String.fromCharCode(c))) spaces.push(String.fromCharCode(c));
    expect(spaces.length).toBe(25);
    for (let c = 0; c < 0x10000; c++) {
      const ch = String.fromCharCode(c);
      for (const s of [`a${ch}b`, `${ch}a${ch}${ch}b${ch}`, ch]) expect(splitWordCount(s), `U+${c.toString(16)}`).toBe(s.split(/\s+/).length);
    }
    expect(splitWordCount('')).toBe(1);
    expect(splitWordCount('one two\n\nthree\u2003four')).toBe(4);
  });

  it('passes over the built-in samples’ non-personal columns', async () => {
    const bytes = readFileSync(new URL('../../../public/samples/employees.csv', import.meta.url));
    const { table: employees } = await importTable(new Uint8Array(bytes), { fileName: 'employees.csv' });
    expect(scanTableForPii(employees)).toEqual([]);
    const resumes = readFileSync(new URL('../../../public/samples/resumes.csv', import.meta.url));
    const { table: r } = await importTable(new Uint8Array(resumes), { fileName: 'resumes.csv' });
    expect(scanTableForPii(r).map((x) => [x.column, x.kind])).toEqual([['resume_text', 'free-text']]);
  });
});

describeWithSharedData('scanTableForPii on a real HR export', ['HRDataset_v14.csv'], () => {
  it('flags the names, the zip code and the date of birth of HRDataset_v14', async () => {
    const { table: t } = await importTable(new Uint8Array(readFileSync(sharedDataPath('HRDataset_v14.csv'))), { fileName: 'HRDataset_v14.csv' });
    const f = scanTableForPii(t);
    expect(f.map((x) => [x.column, x.kind])).toEqual([
      ['Employee_Name', 'name'],
      ['Zip', 'address'],
      ['DOB', 'birth-date'],
      ['ManagerName', 'name'],
    ]);
  });
});
