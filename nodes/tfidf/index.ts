import { describeNode, withLazyRun } from '../../src/core/node-definition.ts';
import { param } from '../../src/core/params.ts';
import type { TableSchema } from '../../src/core/table/table.ts';

function withSparseSchema(s: TableSchema, column: string, nCols?: number): TableSchema {
  return { ...s, sparse: { name: column, source: column, nCols } };
}

export const description = describeNode({
  type: 'tfidf',
  version: 1,
  title: 'TF-IDF text features',
  phase: 'data-preparation',
  category: 'Text',
  summary: 'Turns a text column into word and phrase features, learning the vocabulary from the training rows only.',
  inputs: {
    train: { type: 'table', label: 'Training rows', help: 'The vocabulary and word weights are learned from these rows.' },
    test: {
      type: 'table',
      label: 'Test rows',
      optional: true,
      help: 'Optional: rows to describe with the training vocabulary (e.g. the test split). Words they alone contain are ignored.',
    },
  },
  outputs: {
    train: { type: 'table', label: 'Training rows + features' },
    test: { type: 'table', label: 'Test rows + features' },
  },
  params: {
    column: param.column({ from: 'train', types: ['text', 'category'], role: 'text', label: 'Text column', help: 'The column holding the text, e.g. resume_text.' }),
    ngramMin: param.integer({ default: 1, min: 1, max: 6, label: 'Shortest phrase (words)', help: '1 counts single words.' }),
    ngramMax: param.integer({
      default: 2,
      min: 1,
      max: 6,
      label: 'Longest phrase (words)',
      help: '2 also counts two-word phrases such as "machine learning"; larger values make many more features.',
    }),
    stopWords: param.enum({
      options: ['english', 'none'],
      optionLabels: { english: 'English list', none: 'None' },
      default: 'none',
      label: 'Stop words',
      help: 'Leave out very common words (the, and, of …). The English list is scikit-learn’s.',
    }),
    extraStopWords: param.string({
      default: '',
      multiline: true,
      label: 'Also ignore these words',
      help: 'Words to leave out, separated by commas or new lines.',
    }),
    minDf: param.number({
      default: 2,
      min: 0,
      label: 'Minimum documents',
      help: 'Drop words that occur in fewer documents than this (a number of documents, or a share below 1, e.g. 0.01 = 1%).',
    }),
    maxDf: param.number({
      default: 1,
      min: 0,
      exclusiveMin: true,
      label: 'Maximum documents',
      help: 'Drop words that occur in more documents than this (a share up to 1, where 1 keeps all; or a number of documents above 1).',
    }),
    maxFeatures: param.integer({ default: 0, min: 0, label: 'Keep at most (words)', help: 'Keep only this many of the most frequent words and phrases. 0 keeps all.' }),
    sublinearTf: param.boolean({
      default: true,
      label: 'Dampen repeated words',
      help: 'Count a word used n times as 1 + log(n), so repeating a keyword helps less.',
    }),
    lowercase: param.boolean({ default: true, label: 'Lowercase', help: 'Treat "Python" and "python" as the same word.', advanced: true }),
    norm: param.enum({
      options: ['l2', 'l1', 'none'],
      default: 'l2',
      label: 'Row normalisation',
      help: 'l2 scales each document to length 1 so long and short resumes compare fairly.',
      advanced: true,
    }),
    useIdf: param.boolean({ default: true, label: 'Down-weight common words (IDF)', advanced: true }),
    smoothIdf: param.boolean({ default: true, label: 'Smooth IDF', help: 'As if one extra document contained every word once (avoids division by zero).', advanced: true }),
    binary: param.boolean({ default: false, label: 'Presence only', help: 'Count each word once per document.', advanced: true }),
  },
  schema({ inputs, params }) {
    if (!inputs.train) return {};
    const col = inputs.train.columns.find((c) => c.name === params.column);
    if (params.column && col && col.type !== 'text' && col.type !== 'category') {
      throw new Error(`Column "${params.column}" is ${col.type}, not text. Choose the column that holds the text.`);
    }
    const train = withSparseSchema(inputs.train, params.column);
    return { train, test: inputs.test ? withSparseSchema(inputs.test, params.column) : train };
  },
});

export const tfidf = withLazyRun(description, () => import('./run.ts'));
