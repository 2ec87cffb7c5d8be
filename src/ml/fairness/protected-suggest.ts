/**
 * Which columns of a table are probably protected attributes (gender, sex, age, race, ethnicity,
 * marital status, disability, religion, nationality), so a fairness node can suggest them the first
 * time it sees a table. Found three ways, strongest first:
 * - the column's role is already "protected";
 * - its name, against synonyms in several languages ("MaritalStatus", "Geschlecht", "date_of_birth");
 * - its values: a category column whose known values are mostly those of one attribute
 *   ("Male"/"Female", "Married"/"Single"/"Divorced", "White"/"Black"/"Asian").
 *
 * Pure and synchronous; works on column schemas, so it runs before the pipeline has been run.
 */
import type { ColumnSchema } from '../../core/table/table.ts';
import { normalizeColumnName } from '../privacy/pii-kinds.ts';

export type ProtectedKind =
  | 'gender'
  | 'age'
  | 'race'
  | 'ethnicity'
  | 'marital-status'
  | 'disability'
  | 'religion'
  | 'nationality';

export const PROTECTED_KIND_LABELS: Record<ProtectedKind, string> = {
  gender: 'gender or sex',
  age: 'age',
  race: 'race',
  ethnicity: 'ethnicity',
  'marital-status': 'marital status',
  disability: 'disability',
  religion: 'religion',
  nationality: 'nationality or citizenship',
};

export interface ProtectedSuggestion {
  column: string;
  kind: ProtectedKind;
  /** Why: the column's role, its name, or its values. */
  by: 'role' | 'name' | 'values';
  /** One sentence a person can check. */
  reason: string;
}

// Whole normalised names or name parts. Order matters: the first kind that matches wins.
const NAME_RULES: Array<[ProtectedKind, RegExp]> = [
  ['marital-status', /(?:^|_)(?:marital(?:_status)?|married|marriage|civil_status|relationship_status|familienstand|etat_civil|situation_familiale|estado_civil|stato_civile)(?:_|$)/],
  ['gender', /^(?:gender|sex|geschlecht|sexe|genre|sexo|genero|sesso|genere)$|(?:^|_)(?:gender|sex)(?:_|$)/],
  ['age', /^(?:age|alter|edad|eta|idade)$|(?:^|_)(?:age|age_years|age_group|age_band|age_range|birth_?year|year_of_birth|dob|date_of_birth|birth_?date)(?:_|$)/],
  ['ethnicity', /(?:^|_)(?:ethnicity|ethnic(?:_group|_origin)?|ethnie|etnia|etnicidad)(?:_|$)/],
  ['race', /^(?:race|rasse|raza|razza)$|(?:^|_)race(?:_|$)/],
  ['disability', /(?:^|_)(?:disability|disabled|handicap|behinderung|discapacidad|disabilita)(?:_|$)/],
  ['religion', /(?:^|_)(?:religion|religious|faith|belief|konfession)(?:_|$)/],
  ['nationality', /(?:^|_)(?:nationality|citizenship|national_origin|native_country|country_of_birth|birth_country|staatsangehorigkeit|nationalite|nacionalidad|nazionalita)(?:_|$)/],
];

// Values that identify an attribute (normalised, lower case).
const VALUE_SETS: Array<[ProtectedKind, Set<string>]> = [
  ['gender', new Set(['male', 'female', 'm', 'f', 'man', 'woman', 'men', 'women', 'non_binary', 'nonbinary', 'other', 'diverse', 'maennlich', 'weiblich', 'homme', 'femme', 'hombre', 'mujer'])],
  ['marital-status', new Set(['married', 'single', 'divorced', 'widowed', 'separated', 'never_married', 'married_civ_spouse', 'married_spouse_absent', 'married_af_spouse', 'domestic_partner', 'civil_partnership'])],
  ['race', new Set(['white', 'black', 'asian', 'hispanic', 'latino', 'black_or_african_american', 'african_american', 'american_indian', 'native_american', 'pacific_islander', 'amer_indian_eskimo', 'asian_pac_islander', 'two_or_more_races', 'caucasian'])],
  ['religion', new Set(['christian', 'muslim', 'jewish', 'hindu', 'buddhist', 'sikh', 'atheist', 'catholic', 'protestant', 'none'])],
];

// Values that say nothing by themselves (e.g. "other" or "none" alone must not make a column protected).
const WEAK_VALUES = new Set(['other', 'none', 'm', 'f']);

/** The attribute a column's name suggests, if any. */
export function protectedKindFromName(name: string): ProtectedKind | undefined {
  const n = normalizeColumnName(name);
  if (n === '') return undefined;
  for (const [kind, re] of NAME_RULES) if (re.test(n)) return kind;
  return undefined;
}

/**
 * The attribute a column's categories suggest: at least two known values and at least 60% of the
 * column's distinct values from one attribute's list, counting at least one value that is not weak.
 */
export function protectedKindFromValues(categories: readonly string[]): ProtectedKind | undefined {
  if (categories.length < 2) return undefined;
  const values = categories.map(normalizeColumnName).filter((v) => v !== '');
  for (const [kind, set] of VALUE_SETS) {
    const hits = values.filter((v) => set.has(v));
    const strong = hits.filter((v) => !WEAK_VALUES.has(v));
    if (hits.length >= 2 && strong.length >= 1 && hits.length / values.length >= 0.6) return kind;
  }
  // "M"/"F" alone is gender only when the column has nothing else.
  if (values.length === 2 && values.every((v) => v === 'm' || v === 'f')) return 'gender';
  return undefined;
}

/**
 * Suggested protected columns, in table order. Target and identifier columns are never suggested
 * (a model's outcome or an employee id is not a protected attribute even if it matches a pattern).
 */
export function suggestProtectedColumns(columns: readonly ColumnSchema[]): ProtectedSuggestion[] {
  const out: ProtectedSuggestion[] = [];
  for (const c of columns) {
    if (c.role === 'target' || c.role === 'identifier') continue;
    const byName = protectedKindFromName(c.name);
    if (c.role === 'protected') {
      const kind = byName ?? (c.categories ? protectedKindFromValues(c.categories) : undefined) ?? 'gender';
      out.push({ column: c.name, kind, by: 'role', reason: `"${c.name}" is marked as a protected column in the data.` });
      continue;
    }
    if (byName) {
      out.push({ column: c.name, kind: byName, by: 'name', reason: `"${c.name}" looks like ${PROTECTED_KIND_LABELS[byName]} by its name.` });
      continue;
    }
    if ((c.type === 'category' || c.type === 'text') && c.categories) {
      const byValues = protectedKindFromValues(c.categories);
      if (byValues) {
        const sample = c.categories.slice(0, 3).map((v) => `"${v}"`).join(', ');
        out.push({ column: c.name, kind: byValues, by: 'values', reason: `"${c.name}" holds values such as ${sample}, which look like ${PROTECTED_KIND_LABELS[byValues]}.` });
      }
    }
  }
  return out;
}
