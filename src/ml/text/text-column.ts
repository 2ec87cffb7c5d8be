import { NodeError } from '../../core/errors.ts';
import type { Table } from '../../core/table/table.ts';
import { packedTextBytes } from '../../core/table/transfer.ts';
import type { TextDocs } from './text-docs.ts';

/** The text of `column` per row (category labels count as text); a clear error otherwise. */
export function textValues(table: Table, column: string, port: string): Array<string | null> {
  const c = table.columns.find((x) => x.name === column);
  if (!c) {
    throw new NodeError(
      `Text column "${column}" is not in the ${port} table (columns: ${table.columns.map((x) => x.name).join(', ') || 'none'}). Choose the column that holds the text.`,
      { column, field: 'column' },
    );
  }
  if (c.type === 'text') return c.values;
  if (c.type === 'category') return Array.from(c.codes, (k) => (k < 0 ? null : c.categories[k]));
  throw new NodeError(`Column "${column}" holds ${c.type} values, not text. Choose a text column.`, { column, field: 'column' });
}

/**
 * Like textValues, but a text column still packed (a step's input in a worker) comes as its UTF-8 bytes,
 * not decoded: for kernels that read bytes (TF-IDF). The column stays packed, so it also goes on to
 * the next step without being encoded again.
 */
export function textDocs(table: Table, column: string, port: string): TextDocs {
  const c = table.columns.find((x) => x.name === column);
  const bytes = c?.type === 'text' ? packedTextBytes(c) : undefined;
  return bytes ?? textValues(table, column, port);
}
