import { NodeError } from '../../src/core/errors.ts';
import { describeNode, withLazyRun } from '../../src/core/node-definition.ts';
import { param } from '../../src/core/params.ts';
import type { ColumnSchema } from '../../src/core/table/table.ts';
import { AGGREGATIONS, type Aggregation, type AggregateSpec } from '../../src/ml/temporal/group-aggregate.ts';

export function parseOperations(text: string): Aggregation[] {
  const ops = text
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s !== '');
  const bad = ops.filter((o) => !(AGGREGATIONS as readonly string[]).includes(o));
  if (bad.length) {
    throw new NodeError(`Unknown aggregation "${bad[0]}". Use any of: ${AGGREGATIONS.join(', ')}.`, { field: 'operations' });
  }
  if (ops.length === 0) throw new NodeError(`Name at least one aggregation (${AGGREGATIONS.join(', ')}).`, { field: 'operations' });
  return ops as Aggregation[];
}

export function specsOf(columns: string[], ops: Aggregation[]): AggregateSpec[] {
  const specs: AggregateSpec[] = [];
  if (ops.includes('rows')) specs.push({ column: '', op: 'rows' });
  for (const column of columns) for (const op of ops) if (op !== 'rows') specs.push({ column, op });
  return specs;
}

export const description = describeNode({
  type: 'group-aggregate',
  version: 1,
  title: 'Group by',
  phase: 'data-preparation',
  category: 'Transform',
  summary: 'One row per group (e.g. per employee) with counts, means, latest values…',
  inputs: { table: { type: 'table', label: 'Table' } },
  outputs: { table: { type: 'table', label: 'Aggregated table' } },
  params: {
    by: param.columns({ from: 'table', label: 'Group by', minItems: 1, help: 'Rows with the same values here form one group, e.g. employee_id.' }),
    columns: param.columns({ from: 'table', label: 'Columns to aggregate', help: 'Each is summarised with every operation below.' }),
    operations: param.string({
      default: 'mean',
      label: 'Operations',
      help: `Comma-separated, from: ${AGGREGATIONS.join(', ')}. "rows" counts rows per group; count counts present values; first/last follow the order column.`,
    }),
    orderBy: param.column({ from: 'table', optional: true, types: ['date', 'number', 'integer'], label: 'Order by', help: 'For first/last: the date that orders each group’s rows. Empty: row order.' }),
  },
  schema({ inputs, params }) {
    if (!inputs.table) return {};
    let ops: Aggregation[];
    try {
      ops = parseOperations(params.operations);
    } catch {
      return {};
    }
    const columns: ColumnSchema[] = params.by.flatMap((n) => inputs.table!.columns.filter((c) => c.name === n));
    for (const s of specsOf(params.columns, ops)) {
      const src = inputs.table.columns.find((c) => c.name === s.column);
      const name = s.op === 'rows' ? 'rows' : `${s.column}_${s.op}`;
      if (s.op === 'rows' || s.op === 'count' || s.op === 'distinct') columns.push({ name, type: 'integer' });
      else if ((s.op === 'first' || s.op === 'last') && src) columns.push({ name, type: src.type, ...(src.categories ? { categories: src.categories } : {}) });
      else if ((s.op === 'min' || s.op === 'max') && src && src.type !== 'category' && src.type !== 'text') columns.push({ name, type: src.type });
      else columns.push({ name, type: 'number' });
    }
    return { table: { columns } };
  },
});

export const groupAggregate = withLazyRun(description, () => import('./run.ts'));
