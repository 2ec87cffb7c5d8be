/**
 * The metadata kept for an uploaded dataset, built from the import result (pure: runs in the import
 * worker and in tests). Problems keep their row, column and value so the panel can show them.
 */
import { schemaOf, type ColumnSchema } from '../../core/table/table.ts';
import type { ImportColumnInfo, ImportResult } from '../../io/import.ts';
import type { ImportProblem } from '../../io/problems.ts';
import { scanTableForPii, type PiiFinding } from '../../ml/privacy/pii-scan.ts';
import type { StoredDataset } from '../persistence/db.ts';

/** How many problems are stored per dataset (the total is always kept). */
export const STORED_PROBLEMS = 200;

export interface UploadedDataset extends StoredDataset {
  rows: number;
  columns: ColumnSchema[];
  importProblems: ImportProblem[];
  problemCount: number;
  notes: string[];
  encoding: string;
  format: 'csv' | 'xlsx';
  delimiter?: string;
  sheet?: string;
  /** How each column was read (number format, cells left missing, why text); absent in older records. */
  columnDetails?: ImportColumnInfo[];
  /** Columns that look like personal data (src/ml/privacy/pii-scan.ts); absent in older records. */
  piiFindings?: PiiFinding[];
}

/** One line per problem, for older readers of `problems` (strings). */
export function describeProblem(p: ImportProblem): string {
  const where = p.row > 0 ? `Row ${p.row}${p.line !== undefined ? ` (line ${p.line})` : ''}` : 'File';
  const col = p.column !== undefined ? `, column "${p.column}"` : '';
  const val = p.value !== undefined ? ` (value "${p.value}")` : '';
  return `${where}${col}${val}: ${p.message}`;
}

export function datasetRecord(args: {
  name: string;
  size: number;
  fingerprint: string;
  result: ImportResult;
  createdAt?: number;
}): UploadedDataset {
  const { result } = args;
  const columns = schemaOf(result.table).columns.map((c) => {
    // Category lists can be long (ids, free text); the panel shows names and types only.
    const { categories: _categories, ...rest } = c;
    return rest;
  });
  const importProblems = result.problems.slice(0, STORED_PROBLEMS);
  const record: UploadedDataset = {
    id: args.name,
    name: args.name,
    size: args.size,
    rows: result.table.nRows,
    columns,
    fingerprint: args.fingerprint,
    createdAt: args.createdAt ?? Date.now(),
    problems: importProblems.map(describeProblem),
    importProblems,
    problemCount: result.problemCount,
    notes: result.notes,
    encoding: result.encoding,
    format: result.format,
    columnDetails: result.columns,
    piiFindings: scanTableForPii(result.table),
  };
  if (result.delimiter !== undefined) record.delimiter = result.delimiter;
  if (result.sheet !== undefined) record.sheet = result.sheet;
  return record;
}

// In a module of its own: the page's upload code needs it without the PII scanner this module imports.
export { uploadName } from './upload-name.ts';

export function isUploadedDataset(d: StoredDataset): d is UploadedDataset {
  return typeof d.rows === 'number' && Array.isArray(d.columns) && Array.isArray(d.importProblems);
}
