/**
 * The field mapping: which source field fills each column of a canonical HR table, with type checks on
 * every value (dates become ISO YYYY-MM-DD, numbers must be numbers, labels one of the allowed values).
 * A value that does not fit is left empty and reported (record number, column, field); a record without a
 * required value is left out and reported; a column where more than 20% of the values do not fit fails the
 * pull, because the mapping is then almost certainly wrong (the same tolerance src/io uses on import).
 */
import { MISFIT_TOLERANCE } from '../io/infer.ts';
import { parseDate, parseNumberAs, type DateOrder } from '../io/values.ts';
import { canonicalColumns, CANONICAL_TABLE_NAMES, type CanonicalColumn } from './canonical.ts';
import { fieldOf } from './flatten.ts';
import { ConnectorError, type FlatRecord } from './types.ts';

export interface ColumnMapping {
  field: string;
  /** For date columns whose source writes 03/04/2026: which part comes first (default: ISO year-month-day). */
  dateOrder?: DateOrder;
  /** Source value → canonical value (e.g. "hired" → "Interview"), applied before the type check. */
  values?: Record<string, string>;
}

export interface FieldMapping {
  table: string;
  /** Canonical column → source field (a name, or the detailed form). Unmapped optional columns stay empty. */
  columns: Record<string, string | ColumnMapping>;
}

export interface MappingProblem {
  /** 1-based record number in the pull. */
  record: number;
  column: string;
  field: string;
  value: string;
  message: string;
}

export interface ColumnStats {
  column: string;
  field?: string;
  present: number;
  bad: number;
}

const MAX_KEPT_PROBLEMS = 200;

/** Normalises and checks a mapping read from JSON; the message names what is wrong and where. */
export function parseMapping(value: unknown, where: string): FieldMapping {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new ConnectorError(`${where}: the mapping must be an object { "table": …, "columns": { … } }.`, 'mapping');
  const v = value as Record<string, unknown>;
  const table = typeof v.table === 'string' ? v.table : '';
  const cols = canonicalColumns(table);
  if (!cols) throw new ConnectorError(`${where}: "table" must be one of ${CANONICAL_TABLE_NAMES.join(', ')} (got "${String(v.table).slice(0, 40)}").`, 'mapping');
  if (!v.columns || typeof v.columns !== 'object' || Array.isArray(v.columns)) throw new ConnectorError(`${where}: "columns" must map canonical columns to source fields.`, 'mapping');
  const columns: Record<string, string | ColumnMapping> = {};
  for (const [name, m] of Object.entries(v.columns as Record<string, unknown>)) {
    const col = cols.find((c) => c.name === name);
    if (!col) throw new ConnectorError(`${where}: "${name.slice(0, 60)}" is not a column of the ${table} table (its columns: ${cols.map((c) => c.name).join(', ')}).`, 'mapping');
    if (typeof m === 'string') {
      if (m.trim()) columns[name] = m.trim();
      continue;
    }
    if (!m || typeof m !== 'object' || Array.isArray(m) || typeof (m as ColumnMapping).field !== 'string') {
      throw new ConnectorError(`${where}: column "${name}" must name a source field ("${name}": "fieldName" or { "field": "fieldName" }).`, 'mapping');
    }
    const cm = m as ColumnMapping;
    const out: ColumnMapping = { field: cm.field.trim() };
    if (cm.dateOrder !== undefined) {
      if (col.type !== 'date' || !['ymd', 'mdy', 'dmy'].includes(cm.dateOrder)) throw new ConnectorError(`${where}: column "${name}": "dateOrder" is for date columns and must be ymd, mdy or dmy.`, 'mapping');
      out.dateOrder = cm.dateOrder;
    }
    if (cm.values !== undefined) {
      if (!cm.values || typeof cm.values !== 'object' || Array.isArray(cm.values) || Object.values(cm.values).some((x) => typeof x !== 'string')) {
        throw new ConnectorError(`${where}: column "${name}": "values" must map source values to text.`, 'mapping');
      }
      out.values = { ...cm.values };
    }
    if (out.field) columns[name] = out;
  }
  for (const c of cols) {
    if (c.required && !columns[c.name]) throw new ConnectorError(`${where}: the ${table} table needs column "${c.name}" mapped to a source field.`, 'mapping');
  }
  return { table, columns };
}

function detail(m: string | ColumnMapping): ColumnMapping {
  return typeof m === 'string' ? { field: m } : m;
}

function cellText(v: string | number | boolean | null | undefined): string | null {
  if (v === null || v === undefined) return null;
  const s = String(v).trim();
  return s === '' ? null : s;
}

/** Vendors write unset dates as 0000-00-00 (BambooHR): that is a missing date, not a bad one. */
const NO_DATE = /^0000-00-00/;

/** The canonical text of one value, or a reason it does not fit. */
export function convertValue(col: CanonicalColumn, m: ColumnMapping, raw: string | number | boolean | null | undefined): { value: string | null } | { problem: string } {
  let s = cellText(raw);
  if (s !== null && m.values && Object.prototype.hasOwnProperty.call(m.values, s)) s = m.values[s];
  if (s === null) return { value: null };
  switch (col.type) {
    case 'id':
    case 'text':
    case 'category':
      if (col.values && !col.values.includes(s)) return { problem: `is not one of ${col.values.join(', ')} (map source values to them with "values")` };
      return { value: s };
    case 'number':
    case 'integer': {
      const n = typeof raw === 'number' && s === String(raw) ? raw : parseNumberAs(s, 'point');
      if (!Number.isFinite(n)) return { problem: 'is not a number' };
      if (col.type === 'integer' && !Number.isInteger(n)) return { problem: 'is not a whole number' };
      return { value: String(n) };
    }
    case 'date': {
      if (NO_DATE.test(s)) return { value: null };
      const order = m.dateOrder ?? 'ymd';
      const ms = parseDate(s, order);
      if (Number.isNaN(ms)) return { problem: order === 'ymd' ? 'is not a date (expected year-month-day, e.g. 2026-03-31)' : `is not a date in ${order} order` };
      // An ISO date-time keeps the calendar day it was written with, whatever its time zone.
      if (order === 'ymd' && /^\d{4}-\d{2}-\d{2}/.test(s)) return { value: s.slice(0, 10) };
      return { value: new Date(ms).toISOString().slice(0, 10) };
    }
  }
}

/** Applies a mapping record by record, keeping counts and the first problems. */
export class RecordMapper {
  readonly columns: readonly CanonicalColumn[];
  private readonly details: Array<ColumnMapping | undefined>;
  readonly stats: ColumnStats[];
  readonly problems: MappingProblem[] = [];
  problemCount = 0;
  dropped = 0;
  records = 0;

  constructor(readonly mapping: FieldMapping) {
    this.columns = canonicalColumns(mapping.table)!;
    this.details = this.columns.map((c) => (mapping.columns[c.name] ? detail(mapping.columns[c.name]) : undefined));
    this.stats = this.columns.map((c, j) => ({ column: c.name, field: this.details[j]?.field, present: 0, bad: 0 }));
  }

  get header(): string[] {
    return this.columns.map((c) => c.name);
  }

  /** The record's cells in canonical order, or undefined when a required value is missing (reported). */
  map(rec: FlatRecord): Array<string | null> | undefined {
    const n = ++this.records;
    const out: Array<string | null> = new Array(this.columns.length);
    let keep = true;
    for (let j = 0; j < this.columns.length; j++) {
      const m = this.details[j];
      if (!m) {
        out[j] = null;
        continue;
      }
      const col = this.columns[j];
      const raw = fieldOf(rec, m.field);
      const r = convertValue(col, m, raw);
      if ('problem' in r) {
        this.stats[j].present++;
        this.stats[j].bad++;
        this.report(n, col.name, m.field, String(raw), `"${shortValue(String(raw))}" ${r.problem}; left empty`);
        out[j] = null;
      } else {
        if (r.value !== null) this.stats[j].present++;
        out[j] = r.value;
      }
      if (out[j] === null && col.required) {
        keep = false;
        if (!('problem' in r)) this.report(n, col.name, m.field, '', `has no value for the required column "${col.name}"; the record was left out`);
      }
    }
    if (!keep) this.dropped++;
    return keep ? out : undefined;
  }

  private report(record: number, column: string, field: string, value: string, message: string): void {
    this.problemCount++;
    if (this.problems.length < MAX_KEPT_PROBLEMS) {
      this.problems.push({ record, column, field, value: shortValue(value), message: `Record ${record.toLocaleString('en-US')}, column "${column}" (field "${field}"): ${message}.` });
    }
  }

  /** Throws when a mapped column's values mostly do not fit: the mapping (or the date order) is wrong. */
  check(connection: string): void {
    for (const s of this.stats) {
      if (!s.field || s.present === 0 || s.bad <= Math.floor(s.present * MISFIT_TOLERANCE)) continue;
      const first = this.problems.find((p) => p.column === s.column);
      throw new ConnectorError(
        `Connection "${connection}": ${s.bad.toLocaleString('en-US')} of ${s.present.toLocaleString('en-US')} values of field "${s.field}" do not fit column "${s.column}" (${this.columns.find((c) => c.name === s.column)?.type})${first ? `, e.g. ${first.message}` : ''} More than ${Math.round(MISFIT_TOLERANCE * 100)}% means the mapping is wrong: map another field (or set its date order). Nothing was saved.`,
        'mapping',
      );
    }
    const mapped = this.stats.filter((s) => s.field);
    if (this.records > 0 && mapped.every((s) => s.present === 0)) {
      throw new ConnectorError(`Connection "${connection}": none of the mapped fields (${mapped.map((s) => s.field).join(', ')}) occurs in the ${this.records.toLocaleString('en-US')} records pulled. Check the field names in the mapping. Nothing was saved.`, 'mapping');
    }
  }
}

function shortValue(s: string): string {
  return s.length > 60 ? `${s.slice(0, 60)}…` : s;
}

const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Source field names that usually mean a canonical column (BambooHR, Workday, Greenhouse wording). */
const SYNONYMS: Record<string, readonly string[]> = {
  employee_id: ['employeeid', 'id', 'employeenumber', 'workerid', 'employee', 'eeid'],
  department: ['department', 'division', 'supervisoryorganization', 'org'],
  gender: ['gender', 'sex'],
  age: ['age'],
  hire_date: ['hiredate', 'originalhiredate', 'startdate', 'dateofhire'],
  location: ['location', 'worklocation', 'office', 'site'],
  survey_date: ['surveydate', 'date', 'responsedate'],
  engagement_score: ['engagementscore', 'engagement', 'score'],
  comment: ['comment', 'comments', 'feedback'],
  review_date: ['reviewdate', 'date'],
  rating: ['rating', 'score', 'performancerating'],
  effective_date: ['effectivedate', 'startdate', 'date'],
  base_salary: ['basesalary', 'ratevalue', 'rate', 'salary', 'annualsalary', 'basepay'],
  market_ratio: ['marketratio', 'comparatio', 'compa'],
  termination_date: ['terminationdate', 'enddate', 'date'],
  reason: ['reason', 'terminationreason'],
  resume_id: ['resumeid', 'id', 'candidateid', 'applicationid'],
  resume_text: ['resumetext', 'resume', 'text'],
  years_experience: ['yearsexperience', 'experience'],
  label: ['label', 'status', 'decision', 'outcome'],
};

/** A first mapping proposed from the field names (exact name first, then known synonyms); people confirm it. */
export function suggestMapping(table: string, fields: readonly string[]): FieldMapping['columns'] {
  const cols = canonicalColumns(table) ?? [];
  const byNorm = new Map<string, string>();
  for (const f of fields) if (!byNorm.has(norm(f))) byNorm.set(norm(f), f);
  const used = new Set<string>();
  const out: Record<string, string> = {};
  for (const c of cols) {
    for (const cand of [norm(c.name), ...(SYNONYMS[c.name] ?? [])]) {
      const f = byNorm.get(cand);
      if (f && !used.has(f)) {
        out[c.name] = f;
        used.add(f);
        break;
      }
    }
  }
  return out;
}
