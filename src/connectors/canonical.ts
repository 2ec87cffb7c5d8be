/**
 * Crispflow's canonical HR tables (DESIGN.md "Sample data schemas"): the columns, in order, that the
 * templates expect, each with the type a mapped value must have. Dates are ISO YYYY-MM-DD.
 */
export type CanonicalType = 'id' | 'text' | 'category' | 'integer' | 'number' | 'date';

export interface CanonicalColumn {
  name: string;
  type: CanonicalType;
  /** A record without it is left out of the snapshot (and reported). */
  required?: boolean;
  /** Allowed values (resumes' label). */
  values?: readonly string[];
  help: string;
}

export const CANONICAL_TABLES = {
  employees: [
    { name: 'employee_id', type: 'id', required: true, help: 'The employee identifier used by every other table.' },
    { name: 'department', type: 'category', help: 'Department or division.' },
    { name: 'gender', type: 'category', help: 'Gender (a protected attribute for fairness checks).' },
    { name: 'age', type: 'integer', help: 'Age in whole years.' },
    { name: 'hire_date', type: 'date', help: 'Date of hire.' },
    { name: 'location', type: 'category', help: 'Work location.' },
  ],
  surveys: [
    { name: 'employee_id', type: 'id', required: true, help: 'Who answered.' },
    { name: 'survey_date', type: 'date', required: true, help: 'Date of the survey.' },
    { name: 'engagement_score', type: 'number', help: 'Engagement score (e.g. 1–5).' },
    { name: 'comment', type: 'text', help: 'Free-text comment.' },
  ],
  performance: [
    { name: 'employee_id', type: 'id', required: true, help: 'Who was reviewed.' },
    { name: 'review_date', type: 'date', required: true, help: 'Date of the review.' },
    { name: 'rating', type: 'number', help: 'Rating (e.g. 1–5).' },
  ],
  compensation: [
    { name: 'employee_id', type: 'id', required: true, help: 'Whose pay.' },
    { name: 'effective_date', type: 'date', required: true, help: 'Date the pay took effect.' },
    { name: 'base_salary', type: 'number', help: 'Base salary per year.' },
    { name: 'market_ratio', type: 'number', help: 'Pay divided by the market rate for the role (1 = at market).' },
  ],
  terminations: [
    { name: 'employee_id', type: 'id', required: true, help: 'Who left.' },
    { name: 'termination_date', type: 'date', required: true, help: 'Last day.' },
    { name: 'reason', type: 'category', help: 'Reason (e.g. Resignation).' },
  ],
  resumes: [
    { name: 'resume_id', type: 'id', required: true, help: 'The resume or application identifier.' },
    { name: 'resume_text', type: 'text', help: 'The resume text.' },
    { name: 'years_experience', type: 'number', help: 'Years of experience.' },
    { name: 'gender', type: 'category', help: 'Gender (a protected attribute for bias checks).' },
    { name: 'label', type: 'category', values: ['Interview', 'Reject'], help: 'The historical decision: Interview or Reject.' },
  ],
} as const satisfies Record<string, readonly CanonicalColumn[]>;

export type CanonicalTableName = keyof typeof CANONICAL_TABLES;

export const CANONICAL_TABLE_NAMES = Object.keys(CANONICAL_TABLES) as CanonicalTableName[];

export function canonicalColumns(table: string): readonly CanonicalColumn[] | undefined {
  return Object.prototype.hasOwnProperty.call(CANONICAL_TABLES, table) ? CANONICAL_TABLES[table as CanonicalTableName] : undefined;
}
