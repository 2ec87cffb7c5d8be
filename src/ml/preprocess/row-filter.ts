/**
 * Structured row conditions (column, operator, value) evaluated to a row mask. Values arrive as text
 * from the inspector and are parsed once per column type; nothing is ever evaluated as code.
 * A missing cell matches only "is missing" (SQL-like: unknown is not equal, not unequal, not in).
 */
import type { Column, ColumnType } from '../../core/table/table.ts';

export const FILTER_OPERATORS = ['==', '!=', '<', '<=', '>', '>=', 'in', 'not in', 'is missing', 'is not missing', 'contains'] as const;
export type FilterOperator = (typeof FILTER_OPERATORS)[number];

export const FILTER_OPERATOR_LABELS: Record<FilterOperator, string> = {
  '==': 'equals',
  '!=': 'does not equal',
  '<': 'is less than',
  '<=': 'is at most',
  '>': 'is greater than',
  '>=': 'is at least',
  in: 'is one of (comma-separated)',
  'not in': 'is none of (comma-separated)',
  'is missing': 'is missing',
  'is not missing': 'is not missing',
  contains: 'contains (text, any case)',
};

export interface RowCondition {
  column: string;
  operator: FilterOperator;
  /** The value as typed; lists for in / not in are comma-separated. */
  value: string;
}

const ORDERED: ReadonlySet<ColumnType> = new Set(['number', 'integer', 'date', 'boolean']);

/** Why an operator does not fit a column type, or null when it does. */
export function operatorProblem(op: FilterOperator, type: ColumnType): string | null {
  if ((op === '<' || op === '<=' || op === '>' || op === '>=') && !ORDERED.has(type)) {
    return `"${op}" compares numbers or dates, but this column is ${type}. Use equals, is one of or contains`;
  }
  if (op === 'contains' && type !== 'category' && type !== 'text') {
    return `"contains" looks inside text, but this column is ${type}. Use equals or a comparison`;
  }
  return null;
}

function parseScalar(raw: string, type: ColumnType, column: string): number | string {
  const s = raw.trim();
  if (type === 'category' || type === 'text') return raw;
  if (type === 'boolean') {
    if (/^(true|yes|y|1)$/i.test(s)) return 1;
    if (/^(false|no|n|0)$/i.test(s)) return 0;
    throw new Error(`"${raw}" is not a yes/no value for column "${column}". Use true or false`);
  }
  if (type === 'date') {
    const ms = /^\d{4}-\d{2}-\d{2}/.test(s) ? Date.parse(s.length === 10 ? `${s}T00:00:00Z` : s) : NaN;
    if (Number.isNaN(ms)) throw new Error(`"${raw}" is not a date for column "${column}". Write it as YYYY-MM-DD`);
    return ms;
  }
  const v = s === '' ? NaN : Number(s);
  if (!Number.isFinite(v)) throw new Error(`"${raw}" is not a number for column "${column}"`);
  return v;
}

function needsValue(op: FilterOperator): boolean {
  return op !== 'is missing' && op !== 'is not missing';
}

/** Parses the condition's value(s) for the column's type; throws a sentence naming the problem. */
export function parseConditionValues(cond: RowCondition, type: ColumnType): Array<number | string> {
  const problem = operatorProblem(cond.operator, type);
  if (problem) throw new Error(`Condition on "${cond.column}": ${problem}.`);
  if (!needsValue(cond.operator)) return [];
  const parts = cond.operator === 'in' || cond.operator === 'not in' ? cond.value.split(',').map((p) => p.trim()) : [cond.value];
  if (parts.length === 0 || parts.every((p) => p.trim() === '')) {
    throw new Error(`Condition on "${cond.column}" needs a value to compare with.`);
  }
  try {
    return parts.map((p) => parseScalar(cond.operator === 'contains' ? p : type === 'category' || type === 'text' ? p.trim() : p, type, cond.column));
  } catch (e) {
    throw new Error(`Condition on "${cond.column}": ${(e as Error).message}.`);
  }
}

/** 1 where the row satisfies the condition. */
export function conditionMask(c: Column, nRows: number, cond: RowCondition): Uint8Array {
  const values = parseConditionValues(cond, c.type);
  const op = cond.operator;
  const mask = new Uint8Array(nRows);
  if (c.type === 'category' || c.type === 'text') {
    const strs = values as string[];
    const needle = op === 'contains' ? strs[0].toLowerCase() : '';
    const set = new Set(strs);
    const test = (s: string): boolean => {
      switch (op) {
        case '==':
        case 'in':
          return set.has(s);
        case '!=':
        case 'not in':
          return !set.has(s);
        case 'contains':
          return s.toLowerCase().includes(needle);
        default:
          return true; // is not missing
      }
    };
    if (c.type === 'category') {
      // Decide once per category, then look codes up.
      const perCode = Uint8Array.from(c.categories, (k) => (test(k) ? 1 : 0));
      for (let i = 0; i < nRows; i++) {
        const code = c.codes[i];
        mask[i] = code < 0 ? (op === 'is missing' ? 1 : 0) : op === 'is missing' ? 0 : perCode[code];
      }
    } else {
      for (let i = 0; i < nRows; i++) {
        const s = c.values[i];
        mask[i] = s == null ? (op === 'is missing' ? 1 : 0) : op === 'is missing' ? 0 : test(s) ? 1 : 0;
      }
    }
    return mask;
  }
  const nums = values as number[];
  const x = nums[0];
  const set = new Set(nums);
  const v = c.values;
  for (let i = 0; i < nRows; i++) {
    const y = v[i];
    if (y !== y) {
      mask[i] = op === 'is missing' ? 1 : 0;
      continue;
    }
    let ok: boolean;
    switch (op) {
      case '==':
        ok = y === x;
        break;
      case '!=':
        ok = y !== x;
        break;
      case '<':
        ok = y < x;
        break;
      case '<=':
        ok = y <= x;
        break;
      case '>':
        ok = y > x;
        break;
      case '>=':
        ok = y >= x;
        break;
      case 'in':
        ok = set.has(y);
        break;
      case 'not in':
        ok = !set.has(y);
        break;
      case 'is missing':
        ok = false;
        break;
      default:
        ok = true; // is not missing
    }
    mask[i] = ok ? 1 : 0;
  }
  return mask;
}
