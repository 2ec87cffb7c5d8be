/**
 * pay-compa-ratio: each person's pay divided by a reference pay, the usual first measure of pay equity.
 * The reference is the median pay of the person's peer group (e.g. department and job level) or a
 * salary-range midpoint column. Adds the ratio and, optionally, a band: below / within / above range.
 */
import { BANDS, bandCodes, compaRatios, groupMedians } from './compa-ratio.js';

const NUMERIC = ['number', 'integer'];

/** @param {import('../../src/core/node-api.ts').NodeApi} api */
export function payCompaRatio(api) {
  const { defineNode, param, NodeError, table: t } = api;
  return defineNode({
    type: 'pay-compa-ratio',
    version: 1,
    title: 'Pay compa-ratio',
    phase: 'data-preparation',
    category: 'Features',
    summary: 'Pay relative to the peer-group median or a range midpoint (1.0 = at the reference): a pay-equity feature.',
    inputs: { table: { type: 'table', label: 'People with pay' } },
    outputs: { table: { type: 'table', label: 'With compa-ratio' } },
    params: {
      pay: param.column({ from: 'table', types: NUMERIC, label: 'Pay column', help: 'e.g. base_salary.' }),
      reference: param.enum({
        options: ['group-median', 'midpoint-column'],
        optionLabels: { 'group-median': 'Median pay of the peer group', 'midpoint-column': 'A range-midpoint column' },
        default: 'group-median',
        label: 'Compare with',
      }),
      groupBy: param.columns({
        from: 'table',
        types: ['category', 'text', 'integer'],
        label: 'Peer group columns',
        help: 'e.g. department and job level: each person is compared with the median pay of their group. Empty: the whole table is one group.',
      }),
      midpoint: param.column({ from: 'table', types: NUMERIC, optional: true, label: 'Range midpoint column', help: 'Used when comparing with a range-midpoint column.' }),
      output: param.string({ default: 'compa_ratio', required: true, maxLength: 64, label: 'New column name' }),
      bands: param.boolean({ default: true, label: 'Add a band column', help: 'A category column <name>_band: below, within or above the range below.' }),
      low: param.number({ default: 0.9, min: 0, label: 'Below range under', advanced: true }),
      high: param.number({ default: 1.1, min: 0, label: 'Above range over', advanced: true }),
    },
    schema({ inputs, params }) {
      checkSettings(params);
      if (!inputs.table) return {};
      if (inputs.table.columns.some((c) => c.name === params.output)) {
        throw new Error(`The table already has a column "${params.output}". Choose another new column name.`);
      }
      return { table: t.withColumnSchemas(inputs.table, outputSchemas(params)) };
    },
    async run({ inputs, params, ctx }) {
      checkSettings(params);
      const table = inputs.table;
      const pay = numericValues(table, params.pay, 'pay');
      let reference;
      let described;
      if (params.reference === 'midpoint-column') {
        reference = numericValues(table, params.midpoint, 'midpoint');
        described = `the range midpoint in "${params.midpoint}"`;
      } else {
        const groupColumns = params.groupBy.map((name) => t.getColumn(table, name));
        const keys = Array.from({ length: table.nRows }, (_, i) => {
          const parts = groupColumns.map((c) => t.cellValue(c, i));
          return parts.some((v) => v === null) ? null : parts.map(String).join('\u0000');
        });
        reference = groupMedians(pay, keys);
        const groups = new Set(keys.filter((k) => k !== null)).size;
        described = params.groupBy.length ? `the median pay of ${groups} groups (${params.groupBy.join(', ')})` : 'the median pay of the whole table';
      }
      const ratios = compaRatios(pay, reference);
      const columns = [{ name: params.output, type: 'number', values: ratios }];
      let missing = 0;
      for (const r of ratios) if (Number.isNaN(r)) missing++;
      if (params.bands) {
        const codes = bandCodes(ratios, params.low, params.high);
        columns.push({ name: `${params.output}_band`, type: 'category', codes, categories: [...BANDS] });
        const count = (code) => codes.reduce((n, c) => n + (c === code ? 1 : 0), 0);
        ctx.log(`Compa-ratio against ${described}: ${count(0)} below ${params.low}, ${count(1)} within, ${count(2)} above ${params.high}.`);
      } else {
        ctx.log(`Compa-ratio against ${described}.`);
      }
      if (missing > 0) ctx.log(`${missing} of ${table.nRows} rows have no compa-ratio: their pay or reference is missing (or not above 0).`, 'warn');
      return { table: t.withColumns(table, columns) };
    },
  });

  function checkSettings(params) {
    if (params.reference === 'midpoint-column' && !params.midpoint) {
      throw new NodeError('Choose the range midpoint column, or compare with the median pay of the peer group.', { field: 'midpoint' });
    }
    if (params.bands && params.low > params.high) {
      throw new NodeError(`"Below range under" (${params.low}) is above "Above range over" (${params.high}). Swap them.`, { field: 'low' });
    }
  }

  function outputSchemas(params) {
    const cols = [{ name: params.output, type: 'number' }];
    if (params.bands) cols.push({ name: `${params.output}_band`, type: 'category', categories: [...BANDS] });
    return cols;
  }

  function numericValues(table, name, field) {
    const c = t.findColumn(table, name);
    if (!c) throw new NodeError(`Column "${name}" is not in the table. Choose the ${field} column again.`, { column: name, field });
    if (!NUMERIC.includes(c.type)) throw new NodeError(`Column "${name}" holds ${c.type} values; the ${field} must be a number column.`, { column: name, field });
    return c.values;
  }
}
