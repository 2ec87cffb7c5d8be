import { describeNode, withLazyRun } from '../../src/core/node-definition.ts';
import { param } from '../../src/core/params.ts';
import type { ColumnSchema } from '../../src/core/table/table.ts';

/** The workspace secret this node reads (CLI: key file; browser: IndexedDB). */
export const PSEUDONYM_KEY = 'pseudonym-key';

export const PREFIX = /^[A-Za-z0-9_-]{0,12}$/;

export const description = describeNode({
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
});

export const pseudonymize = withLazyRun(description, () => import('./run.ts'));
