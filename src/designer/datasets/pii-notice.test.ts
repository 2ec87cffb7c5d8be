import { describe, expect, it } from 'vitest';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { hashBytes } from '../../core/hash.ts';
import { importTable } from '../../io/import.ts';
import { datasetRecord } from './dataset-record.ts';
import { PiiNotice } from './PiiNotice.tsx';

describe('personal-data notice on import', () => {
  it('the dataset record keeps the PII scan, and the notice names columns, kinds and what to do', async () => {
    const lines = ['employee_id,Full Name,email,notes,<b>dob</b>'];
    const first = ['Jane', 'Omar', 'Priya', 'Lars', 'Mei', 'Sofia'];
    const last = ['Doe', 'Haddad', 'Okafor', 'Lindqvist', 'Moreau', 'Brennan', 'Novak'];
    for (let i = 0; i < 30; i++) lines.push(`${i},${first[i % 6]} ${last[i % 7]},p${i}@example.org,ok,1990-01-${String(1 + (i % 28)).padStart(2, '0')}`);
    const bytes = new TextEncoder().encode(lines.join('\n'));
    const result = await importTable(bytes, { fileName: 'staff.csv' });
    const rec = datasetRecord({ name: 'staff.csv', size: bytes.length, fingerprint: hashBytes(bytes), result, createdAt: 1 });
    expect(rec.piiFindings?.map((f) => [f.column, f.kind, f.by])).toEqual([
      ['Full Name', 'name', 'name and values'],
      ['email', 'email', 'name and values'],
      ['<b>dob</b>', 'birth-date', 'name'],
    ]);
    const html = renderToStaticMarkup(createElement(PiiNotice, { findings: rec.piiFindings }));
    expect(html).toContain('Personal data in 3 columns');
    expect(html).not.toContain('<b>');
    expect(html).toContain('&lt;b&gt;dob&lt;/b&gt;');
    expect(html).toContain('data-column="Full Name"');
    expect(html).toContain('e-mail addresses');
    expect(html).toContain('100% of 30 sampled cells');
    expect(html).toContain('What to do with Full Name and email: drop it (select-columns) before modelling and exports, or pseudonymize it');
    expect(html).toContain('age band');
  });

  it('shows nothing without findings and escapes column names', () => {
    expect(renderToStaticMarkup(createElement(PiiNotice, { findings: [] }))).toBe('');
    expect(renderToStaticMarkup(createElement(PiiNotice, { findings: undefined }))).toBe('');
    const html = renderToStaticMarkup(
      createElement(PiiNotice, { findings: [{ column: '<img src=x onerror=alert(1)>', kind: 'birth-date', by: 'name', sampled: 0, advice: 'drop it' }] }),
    );
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('by its name');
  });
});
