import type { RunArgs, RunOutputs } from '../../src/core/node-definition.ts';
import { NodeError } from '../../src/core/errors.ts';
import { withColumns } from '../../src/core/table/table.ts';
import { sentimentScores } from '../../src/ml/text/sentiment.ts';
import type { description } from './index.ts';

export async function run({ inputs, params, ctx }: RunArgs<typeof description>): Promise<RunOutputs<typeof description>> {
  const c = inputs.table.columns.find((x) => x.name === params.column);
  if (!c) throw new NodeError(`Text column "${params.column}" is not in the table. Choose the comment column.`, { column: params.column, field: 'column' });
  if (c.type !== 'text' && c.type !== 'category') {
    throw new NodeError(`Column "${params.column}" holds ${c.type} values, not text. Choose a text column.`, { column: params.column, field: 'column' });
  }
  const texts = c.type === 'text' ? c.values : Array.from(c.codes, (k) => (k < 0 ? null : c.categories[k]));
  const values = await sentimentScores(texts, params.measure, async (done) => {
    ctx.progress(done / texts.length);
    await ctx.checkpoint();
  });
  return { table: withColumns(inputs.table, [{ name: params.name, type: 'number', values }]) };
}
