import { NodeError } from '../../src/core/errors.ts';
import { defineNode } from '../../src/core/node-definition.ts';
import { param } from '../../src/core/params.ts';
import { getColumn, withColumns, type Column, type ColumnSchema, type Table } from '../../src/core/table/table.ts';
import { Pseudonymizer, pseudonymizeColumn } from '../../src/ml/privacy/pseudonymize.ts';

/** The workspace secret this node reads (CLI: key file; browser: IndexedDB). */
export const PSEUDONYM_KEY = 'pseudonym-key';

const PREFIX = /^[A-Za-z0-9_-]{0,12}$/;

export const pseudonymize = defineNode({
  type: 'pseudonymize',
  version: 1,
  title: 'Pseudonymise columns',
  phase: 'data-preparation',
  category: 'Transform',
  summary: 'Replaces names, e-mails, ids or other identifying columns with keyed tokens that stay the same for the same value.',
  inputs: { table: { type: 'table', label: 'Table' } },
  outputs: { table: { type: 'table', label: 'Pseudonymised table' } },
  params: {
    columns: param.columns({
      from: 'table',
      minItems: 1,
      label: 'Columns',
      help: 'The columns to replace, e.g. employee_name, email, phone. Each value becomes a token such as p_3f9a0c12d4e5b6a7.',
    }),
    prefix: param.string({ default: 'p_', maxLength: 12, label: 'Token prefix', help: 'Put before every token (letters, digits, _ and -; up to 12).' }),
    length: param.integer({
      default: 16,
      min: 8,
      max: 64,
      label: 'Token length',
      help: 'Hex digits kept from the keyed hash. 16 (64 bits) keeps two different values from sharing a token in any realistic table.',
      advanced: true,
    }),
    ignoreCase: param.boolean({
      default: false,
      label: 'Ignore case',
      help: 'Give "Jane@Example.com" and "jane@example.com" the same token. Spaces around values are always ignored.',
      advanced: true,
    }),
  },
  capabilities: { secrets: [PSEUDONYM_KEY] },
  schema({ inputs, params }) {
    if (!PREFIX.test(params.prefix)) throw new Error(`Token prefix "${params.prefix}" may only hold letters, digits, _ and - (up to 12).`);
    if (!inputs.table) return {};
    const chosen = new Set(params.columns);
    const columns = inputs.table.columns.map((c): ColumnSchema => {
      if (!chosen.has(c.name)) return c;
      const { categories: _levels, ...rest } = c;
      return { ...rest, type: c.type === 'category' ? 'category' : 'text' };
    });
    return { table: { ...inputs.table, columns } };
  },
  async run({ inputs, params, ctx }) {
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
  },
});
