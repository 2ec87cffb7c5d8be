import type { Column, ColumnRole } from '../core/table/table.ts';
import { allDistinct } from './column-builders.ts';

/** Lower-case words of a column name: "EmployeeNumber" → employee, number; "age_group" → age, group. */
export function nameTokens(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

const ID_WORDS = new Set(['id', 'ids', 'uuid', 'guid', 'key', 'number', 'no', 'num', 'nr', 'code', 'ssn']);
const PROTECTED_WORDS = new Set(['sex', 'gender', 'race', 'ethnicity', 'ethnic', 'hispanic', 'latino', 'religion', 'disability']);

/** Names that usually hold a legally protected attribute (sex, gender, race, ethnicity, age group …). */
export function looksProtected(name: string): boolean {
  const t = nameTokens(name);
  if (t.some((w) => PROTECTED_WORDS.has(w))) return true;
  const joined = t.join('');
  return /^age(group|band|bracket|range|category|cat)$/.test(joined);
}

export function looksLikeIdName(name: string): boolean {
  const t = nameTokens(name);
  return t.length > 0 && ID_WORDS.has(t[t.length - 1]);
}

/**
 * A sensible default role from the column's name and contents. Analysts can change roles later;
 * these only drive defaults (e.g. identifiers are left out of features, protected columns are
 * offered first in fairness checks).
 */
export function guessRole(c: Column, nRows: number, averageLength: number): ColumnRole | undefined {
  if (c.type === 'date') return 'time';
  if (looksProtected(c.name)) return 'protected';
  if (nRows >= 2) {
    const idName = looksLikeIdName(c.name);
    const stringy = c.type === 'text' || c.type === 'category';
    // Unique short strings (names, badge codes) or unique integers with an id-like name.
    // (Checking uniqueness of millions of strings costs time; only do it when the name suggests an id.)
    const candidate = (stringy && averageLength <= 40 && (idName || nRows <= 200_000)) || (c.type === 'integer' && idName);
    if (candidate && allDistinct(c, nRows)) return 'identifier';
  }
  if (c.type === 'text' && averageLength > 30) return 'text';
  return undefined;
}
