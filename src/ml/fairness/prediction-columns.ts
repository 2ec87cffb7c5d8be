/**
 * Finds the columns of the predictions convention (score / predicted / actual) in a table, by name
 * first (the trainer appends exactly these names) and by role second.
 */
import type { ColumnRole, ColumnSchema, Table, TableSchema } from '../../core/table/table.ts';

type Cols = ReadonlyArray<Pick<ColumnSchema, 'name' | 'role'>>;

function pick(cols: Cols, name: string, role: ColumnRole): string | undefined {
  return cols.find((c) => c.name === name)?.name ?? cols.find((c) => c.role === role)?.name;
}

export interface PredictionColumns {
  score?: string;
  predicted?: string;
  actual?: string;
}

export function predictionColumns(t: Table | TableSchema): PredictionColumns {
  const cols = t.columns as Cols;
  return {
    score: pick(cols, 'score', 'score'),
    predicted: pick(cols, 'predicted', 'prediction'),
    actual: cols.find((c) => c.name === 'actual')?.name,
  };
}
