/**
 * The exported file as `crispflow run --out` and a cluster step (`--only`) write it: the node's UTF-8
 * bytes, byte for byte the CSV text of the imported table (formulas escaped, CRLF, no BOM).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { crispflow, tempDir } from '../../src/cli/testing/run-cli.ts';
import { tableToCsv } from '../../src/io/csv-export.ts';
import { importTable } from '../../src/io/import.ts';

const INPUT = [
  'employee_id,name,comment,score',
  '1,Zoë,"=HYPERLINK(""http://evil"",""x"")",0.5',
  '2,東京 🙂,"two\nlines",-5',
  '3,"Smith, Jo",+SUM(A1),',
  '4,@me,plain,1e3',
].join('\n');

describe('export-table through the CLI', () => {
  it('writes the CSV bytes into --out, in a whole run and in a cluster step', async () => {
    const dir = tempDir('crispflow-export-');
    writeFileSync(path.join(dir, 'people.csv'), INPUT);
    const doc = {
      schemaVersion: 1,
      metadata: { name: 'Export people', seed: 1 },
      nodes: [
        { id: 'source', type: 'dataset-source', version: 1, params: { source: 'file', name: 'people.csv' }, position: { x: 0, y: 0 } },
        { id: 'export', type: 'export-table', version: 1, params: { fileName: 'people out' }, position: { x: 200, y: 0 } },
      ],
      edges: [{ from: { node: 'source', port: 'table' }, to: { node: 'export', port: 'table' } }],
    };
    const pipeline = path.join(dir, 'export.pipeline.json');
    writeFileSync(pipeline, JSON.stringify(doc));
    const { table } = await importTable(new TextEncoder().encode(INPUT), { fileName: 'people.csv' });
    const expected = Buffer.from(new TextEncoder().encode(tableToCsv(table)));
    expect(expected.toString('utf8')).toContain(`"'=HYPERLINK(""http://evil"",""x"")"`);
    expect(expected.toString('utf8')).toContain("\r\n4,'@me,plain,1000\r\n");

    const whole = path.join(dir, 'whole');
    const r = crispflow(['run', pipeline, '--data', dir, '--out', whole]);
    expect(r.code, r.stderr).toBe(0);
    // The CLI keeps its own file-name rule: the space becomes "_".
    expect(readFileSync(path.join(whole, 'people_out.csv')).equals(expected)).toBe(true);

    const source = path.join(dir, 'step-source');
    const step = path.join(dir, 'step-export');
    expect(crispflow(['run', pipeline, '--data', dir, '--only', 'source', '--out', source]).code).toBe(0);
    const s = crispflow(['run', pipeline, '--data', dir, '--only', 'export', '--inputs', source, '--out', step]);
    expect(s.code, s.stderr).toBe(0);
    expect(readFileSync(path.join(step, 'people_out.csv')).equals(expected)).toBe(true);
  }, 120_000);
});
