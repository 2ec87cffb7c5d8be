import { NodeError } from '../../src/core/errors.ts';
import { defineNode } from '../../src/core/node-definition.ts';
import { param } from '../../src/core/params.ts';
import { takeRows, type SparseBlock, type Table, type TableSchema } from '../../src/core/table/table.ts';
import { fitTfidf, TfidfError, transformTfidf, type TfidfOptions } from '../../src/ml/text/tfidf.ts';
import { textValues } from '../../src/ml/text/text-column.ts';
import type { CsrMatrix } from '../../src/ml/features/featurizer.ts';

function attach(table: Table, m: CsrMatrix, vocabulary: string[], column: string): Table {
  const block: SparseBlock = {
    name: column,
    source: column,
    nCols: m.nCols,
    indptr: m.indptr,
    indices: m.indices,
    values: m.values,
    featureNames: vocabulary,
  };
  return { ...table, sparse: block };
}

function withSparseSchema(s: TableSchema, column: string, nCols?: number): TableSchema {
  return { ...s, sparse: { name: column, source: column, nCols } };
}

export const tfidf = defineNode({
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
  async run({ inputs, params, ctx }) {
    if (params.ngramMax < params.ngramMin) {
      throw new NodeError(
        `Longest phrase (${params.ngramMax}) is shorter than shortest phrase (${params.ngramMin}). Make the longest at least the shortest.`,
        { field: 'ngramMax' },
      );
    }
    const options: TfidfOptions = {
      lowercase: params.lowercase,
      stopWords: params.stopWords,
      extraStopWords: params.extraStopWords.split(/[,\n]/).map((w) => w.trim()).filter(Boolean),
      ngramRange: [params.ngramMin, params.ngramMax],
      minDf: params.minDf,
      maxDf: params.maxDf,
      maxFeatures: params.maxFeatures,
      sublinearTf: params.sublinearTf,
      norm: params.norm,
      useIdf: params.useIdf,
      smoothIdf: params.smoothIdf,
      binary: params.binary,
    };
    const trainDocs = textValues(inputs.train, params.column, 'training');
    const testDocs = inputs.test ? textValues(inputs.test, params.column, 'test') : undefined;
    ctx.progress(0.05, 'learning the vocabulary');
    let fitted;
    try {
      fitted = fitTfidf(trainDocs, options);
    } catch (e) {
      if (e instanceof TfidfError) throw new NodeError(e.message, { column: params.column });
      throw e;
    }
    const { vectorizer, matrix } = fitted;
    await ctx.checkpoint();
    ctx.log(
      `Vocabulary of ${vectorizer.vocabulary.length} words and phrases from ${trainDocs.length} training rows ` +
        `(${matrix.indptr[matrix.nRows]} non-zero values).`,
    );
    const train = attach(inputs.train, matrix, vectorizer.vocabulary, params.column);
    let test: Table;
    if (inputs.test && testDocs) {
      ctx.progress(0.7, 'describing the test rows');
      test = attach(inputs.test, transformTfidf(vectorizer, testDocs), vectorizer.vocabulary, params.column);
    } else {
      // Nothing connected: an empty table of the same shape, so the output always exists.
      test = attach(takeRows(inputs.train, []), transformTfidf(vectorizer, []), vectorizer.vocabulary, params.column);
    }
    ctx.progress(1);
    return { train, test };
  },
});
