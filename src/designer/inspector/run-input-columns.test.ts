import { describe, expect, it } from 'vitest';
import { runInputColumns } from './run-input-columns.ts';

const doc = { edges: [{ from: { node: 'panel', port: 'table' }, to: { node: 'cv', port: 'table' } }] };

describe('runInputColumns', () => {
  it("names the columns of the table that last reached the node's input", () => {
    const outputs = {
      panel: {
        table: {
          type: 'table' as const,
          value: {
            nRows: 2,
            columns: [
              { name: 'employee_id', type: 'integer', role: 'identifier', values: new Float64Array(2) },
              { name: 'snapshot_date', type: 'date', values: new Float64Array(2) },
            ],
          },
        },
      },
    };
    expect(runInputColumns(doc, outputs, 'cv', 'table')).toEqual([
      { name: 'employee_id', type: 'integer', role: 'identifier' },
      { name: 'snapshot_date', type: 'date' },
    ]);
  });

  it('is undefined without a run, for another port, or when the output is not a table', () => {
    expect(runInputColumns(doc, {}, 'cv', 'table')).toBeUndefined();
    expect(runInputColumns(doc, { panel: { table: { type: 'table', value: { nRows: 0, columns: [] } } } }, 'cv', 'other')).toBeUndefined();
    expect(runInputColumns(doc, { panel: { table: { type: 'model', value: {} } } }, 'cv', 'table')).toBeUndefined();
  });
});
