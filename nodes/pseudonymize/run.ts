import type { RunArgs, RunOutputs } from '../../src/core/node-definition.ts';
import { NodeError } from '../../src/core/errors.ts';
import { getColumn, withColumns, type Column, type Table } from '../../src/core/table/table.ts';
import { Pseudonymizer, pseudonymizeColumn } from '../../src/ml/privacy/pseudonymize.ts';
import { type description, PSEUDONYM_KEY, PREFIX } from './index.ts';

export async function run({ inputs, params, ctx }: RunArgs<typeof description>): Promise<RunOutputs<typeof description>> {
  const t: Table = inputs.table;
  if (!PREFIX.test(params.prefix)) throw new NodeError(`Token prefix "${params.prefix}" may only hold letters, digits, _ and - (up to 12).`, { field: 'prefix' });
  const key = await ctx.secret(PSEUDONYM_KEY);
  const p = new Pseudonymizer(key, { prefix: params.prefix, length: params.length, ignoreCase: params.ignoreCase });
  const replaced: Column[] = [];
  const notes: string[] = [];
  for (const name of params.columns) {
    const before = p.distinct;
    replaced.push(pseudonymizeColumn(getColumn(t, name), t.nRows, p));
    notes.push(`"${name}" (${(p.distinct - before).toLocaleString('en')} new distinct values)`);
    await ctx.checkpoint();
  }
  // the key itself never reaches the log; its fingerprint lets people check two runs used the same key
  ctx.log(`Pseudonymised ${notes.join(', ')} with the workspace key: ${p.distinct.toLocaleString('en')} distinct values in all.`);
  if (p.collisions > 0) {
    ctx.log(`${p.collisions} distinct values share a token with another value: raise "Token length" above ${params.length} so joins stay exact.`, 'warn');
  }
  // a sparse block (TF-IDF) computed from a replaced column would still carry its words
  const { sparse, ...rest } = withColumns(t, replaced);
  const stale = sparse && params.columns.includes(sparse.source ?? sparse.name);
  return { table: sparse && !stale ? { ...rest, sparse } : rest };
}
