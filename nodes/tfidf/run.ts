import type { RunArgs, RunOutputs } from '../../src/core/node-definition.ts';
import { NodeError } from '../../src/core/errors.ts';
import { takeRows, type SparseBlock, type Table } from '../../src/core/table/table.ts';
import { fitTfidf, TfidfError, transformTfidf, type TfidfOptions } from '../../src/ml/text/tfidf.ts';
import { textDocs } from '../../src/ml/text/text-column.ts';
import { docCount } from '../../src/ml/text/text-docs.ts';
import type { CsrMatrix } from '../../src/ml/features/featurizer.ts';
import type { description } from './index.ts';

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

export async function run({ inputs, params, ctx }: RunArgs<typeof description>): Promise<RunOutputs<typeof description>> {
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
  // a column still packed is read as UTF-8 bytes (not decoded, and passed on as it came)
  const trainDocs = textDocs(inputs.train, params.column, 'training');
  const testDocs = inputs.test ? textDocs(inputs.test, params.column, 'test') : undefined;
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
    `Vocabulary of ${vectorizer.vocabulary.length} words and phrases from ${docCount(trainDocs)} training rows ` +
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
}
