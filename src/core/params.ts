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
 * Returns a sentence saying what is wrong and what is allowed, or null.
 */
export function checkParamValue(spec: ParamSpec, value: unknown): string | null {
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
      if (spec.required && value.trim() === '') return 'is required';
      if (spec.maxLength !== undefined && value.length > spec.maxLength)
        return `must be at most ${spec.maxLength} characters`;
      return null;
    case 'column':
      if (typeof value !== 'string') return 'must be a column name';
      if (!spec.optional && value === '') return 'is required: choose a column';
      return null;
    case 'columns':
      if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) return 'must be a list of column names';
      if (spec.minItems !== undefined && value.length < spec.minItems)
        return `needs at least ${spec.minItems} column${spec.minItems === 1 ? '' : 's'}`;
      return null;
  }
}
