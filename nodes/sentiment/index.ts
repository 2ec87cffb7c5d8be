import { describeNode, withLazyRun } from '../../src/core/node-definition.ts';
import { param } from '../../src/core/params.ts';
import { withColumnSchemas } from '../../src/core/table/table.ts';

export const description = describeNode({
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
});

export const sentiment = withLazyRun(description, () => import('./run.ts'));
