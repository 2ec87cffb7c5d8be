import type { ColumnRole, ColumnType } from './table/table.ts';

/**
 * The param spec: one small declarative description per parameter that drives the inspector form,
 * the compiler's validation and the typed values `run` receives.
 */
interface ParamBase {
  label?: string;
  help?: string;
  /** Hidden behind "Advanced" in the inspector. */
  advanced?: boolean;
  /**
   * Shown (and required) only when another param of the same node has one of the given values, e.g.
   * `{ param: 'mode', equals: 'dataset' }`. Hidden params are still type-checked but not required.
   */
  visibleWhen?: VisibleWhen;
}

/** A declarative condition on one sibling param's value (one value, or any of several). */
export interface VisibleWhen {
  param: string;
  equals: string | number | boolean | ReadonlyArray<string | number | boolean>;
}

/** Whether a param applies, given the node's current values (with defaults filled in). */
export function isParamVisible(spec: ParamSpec, values: Record<string, unknown>): boolean {
  const when = spec.visibleWhen;
  if (!when) return true;
  const actual = values[when.param];
  const allowed: ReadonlyArray<unknown> = Array.isArray(when.equals) ? when.equals : [when.equals];
  return allowed.includes(actual);
}

export interface NumberParam extends ParamBase {
  kind: 'number';
  default: number;
  min?: number;
  max?: number;
  /** Exclusive lower bound (e.g. C > 0). */
  exclusiveMin?: boolean;
  step?: number;
}
export interface IntegerParam extends ParamBase {
  kind: 'integer';
  default: number;
  min?: number;
  max?: number;
}
export interface BooleanParam extends ParamBase {
  kind: 'boolean';
  default: boolean;
}
export interface EnumParam<O extends string = string> extends ParamBase {
  kind: 'enum';
  options: readonly O[];
  /** Display labels for options. */
  optionLabels?: Partial<Record<O, string>>;
  default: O;
}
export interface StringParam extends ParamBase {
  kind: 'string';
  default: string;
  /** Must be non-empty. */
  required?: boolean;
  multiline?: boolean;
  maxLength?: number;
}
/** A column of the table arriving on input port `from`. Value '' means "none" (only when optional). */
export interface ColumnParam extends ParamBase {
  kind: 'column';
  from: string;
  types?: readonly ColumnType[];
  /** Preferred role when suggesting a default (e.g. 'target'). */
  role?: ColumnRole;
  optional?: boolean;
  default: string;
}
/** Several columns of the table on input `from`. An empty list may mean "all suitable" (say so in help). */
export interface ColumnsParam extends ParamBase {
  kind: 'columns';
  from: string;
  types?: readonly ColumnType[];
  default: string[];
  /** At least this many must be chosen. */
  minItems?: number;
}

export type ParamSpec =
  | NumberParam
  | IntegerParam
  | BooleanParam
  | EnumParam
  | StringParam
  | ColumnParam
  | ColumnsParam;

export type ParamSpecs = Record<string, ParamSpec>;

export type ParamValue<S extends ParamSpec> = S extends { kind: 'number' | 'integer' }
  ? number
  : S extends { kind: 'boolean' }
    ? boolean
    : S extends EnumParam<infer O>
      ? O
      : S extends { kind: 'string' | 'column' }
        ? string
        : S extends { kind: 'columns' }
          ? string[]
          : never;

export type ParamValues<P extends ParamSpecs> = { [K in keyof P]: ParamValue<P[K]> };

type Opts<S> = Omit<S, 'kind'>;

/** Builders, so definitions read `param.number({ default: 1, min: 0 })` and keep literal types. */
export const param = {
  number: (o: Opts<NumberParam>): NumberParam => ({ kind: 'number', ...o }),
  integer: (o: Opts<IntegerParam>): IntegerParam => ({ kind: 'integer', ...o }),
  boolean: (o: Opts<BooleanParam>): BooleanParam => ({ kind: 'boolean', ...o }),
  enum: <const O extends string>(o: Opts<EnumParam<O>>): EnumParam<O> => ({ kind: 'enum', ...o }),
  string: (o: Opts<StringParam>): StringParam => ({ kind: 'string', ...o }),
  column: (o: Omit<Opts<ColumnParam>, 'default'> & { default?: string }): ColumnParam => ({
    kind: 'column',
    default: '',
    ...o,
  }),
  columns: (o: Omit<Opts<ColumnsParam>, 'default'> & { default?: string[] }): ColumnsParam => ({
    kind: 'columns',
    default: [],
    ...o,
  }),
};

/** Defaults filled in for every param the document does not set. */
export function withDefaults<P extends ParamSpecs>(specs: P, given: Record<string, unknown>): ParamValues<P> {
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(specs)) {
    out[name] = name in given && given[name] !== undefined ? given[name] : structuredClone(spec.default);
  }
  return out as ParamValues<P>;
}

/**
 * Checks one value against its spec (ignores columns' existence, which needs the upstream schema).
 * Returns a sentence saying what is wrong and what is allowed, or null. A param that does not apply
 * (`hidden`, see visibleWhen) is checked for its type only: nothing is required of it.
 */
export function checkParamValue(spec: ParamSpec, value: unknown, options: { hidden?: boolean } = {}): string | null {
  const required = !options.hidden;
  switch (spec.kind) {
    case 'number':
    case 'integer': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return 'must be a finite number';
      if (spec.kind === 'integer' && !Number.isInteger(value)) return 'must be a whole number';
      if (spec.min !== undefined) {
        const exclusive = spec.kind === 'number' && spec.exclusiveMin;
        if (exclusive ? value <= spec.min : value < spec.min)
          return `must be ${exclusive ? 'greater than' : 'at least'} ${spec.min}`;
      }
      if (spec.max !== undefined && value > spec.max) return `must be at most ${spec.max}`;
      return null;
    }
    case 'boolean':
      return typeof value === 'boolean' ? null : 'must be true or false';
    case 'enum':
      return typeof value === 'string' && (spec.options as readonly string[]).includes(value)
        ? null
        : `must be one of: ${spec.options.join(', ')}`;
    case 'string':
      if (typeof value !== 'string') return 'must be text';
      if (required && spec.required && value.trim() === '') return 'is required';
      if (spec.maxLength !== undefined && value.length > spec.maxLength)
        return `must be at most ${spec.maxLength} characters`;
      return null;
    case 'column':
      if (typeof value !== 'string') return 'must be a column name';
      if (required && !spec.optional && value === '') return 'is required: choose a column';
      return null;
    case 'columns':
      if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) return 'must be a list of column names';
      if (required && spec.minItems !== undefined && value.length < spec.minItems)
        return `needs at least ${spec.minItems} column${spec.minItems === 1 ? '' : 's'}`;
      return null;
  }
}

/**
 * What is wrong with a param's visibleWhen, or null: it must name another param of the same node,
 * and for an enum, values among its options (a typo would hide the param for good).
 */
export function visibleWhenProblem(name: string, specs: ParamSpecs): string | null {
  const when = specs[name]?.visibleWhen;
  if (!when) return null;
  if (typeof when.param !== 'string' || when.param === name || !(when.param in specs)) {
    return `has visibleWhen on "${String(when.param)}", which is not another param of this node`;
  }
  const target = specs[when.param];
  const values: ReadonlyArray<unknown> = Array.isArray(when.equals) ? when.equals : [when.equals];
  if (target.kind === 'enum') {
    const bad = values.filter((v) => !(target.options as readonly unknown[]).includes(v));
    if (bad.length) return `has visibleWhen ${when.param} = ${bad.map(String).join(', ')}, not among its options (${target.options.join(', ')})`;
  }
  return null;
}
