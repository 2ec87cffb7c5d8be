import { defineNode } from '../../src/core/node-definition.ts';
import { param } from '../../src/core/params.ts';
import { NodeError } from '../../src/core/errors.ts';
import { withColumnSchemas, withColumns } from '../../src/core/table/table.ts';
import { sentimentScores } from '../../src/ml/text/sentiment.ts';

export const sentiment = defineNode({
  type: 'sentiment',
  version: 1,
  title: 'Text sentiment',
  phase: 'data-preparation',
  category: 'Text',
  summary: 'Score free-text comments from negative to positive with the AFINN word list.',
  inputs: { table: { type: 'table', label: 'Table' } },
  outputs: { table: { type: 'table', label: 'Table' } },
  params: {
    column: param.column({ from: 'table', types: ['text', 'category'], role: 'text', label: 'Text column', help: 'e.g. the survey comment.' }),
    measure: param.enum({
      options: ['comparative', 'score'],
      optionLabels: { comparative: 'Per word (comparable across lengths)', score: 'Total' },
      default: 'comparative',
      label: 'Measure',
      help: 'Per word divides the total by the number of words, so long and short comments compare fairly.',
    }),
    name: param.string({ default: 'comment_sentiment', required: true, label: 'New column name' }),
  },
  schema({ inputs, params }) {
    if (!inputs.table) return {};
    return { table: withColumnSchemas(inputs.table, [{ name: params.name, type: 'number' }]) };
  },
  async run({ inputs, params, ctx }) {
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
  },
});
