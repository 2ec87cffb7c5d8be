import { NodeError } from '../../core/errors.ts';
import type { Table } from '../../core/table/table.ts';

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
