/**
 * The lesson file format (docs/lessons.md): JSON with a title, a summary and steps; each step has text
 * tagged with its CRISP-DM phase, a hint, and checks from a small declarative vocabulary evaluated on
 * the pipeline document and its run results (checks.ts). Nothing in a lesson file is ever executed.
 * Pure: no DOM, no React.
 */
import { z } from 'zod';

export const LESSON_FORMAT_VERSION = 1;

export const PHASES = [
  'business-understanding',
  'data-understanding',
  'data-preparation',
  'modeling',
  'evaluation',
  'deployment',
] as const;

const text = (max: number) => z.string().trim().min(1, { error: 'must not be empty' }).max(max, { error: `must be at most ${max} characters` });
const nodeType = z.string().regex(/^[a-z][a-z0-9-]*$/, { error: 'must be a node type such as "train-test-split"' });
const count = z.int().min(1).max(1000);

/** Comparison operators a metric check may use. */
export const METRIC_OPS = ['>', '>=', '<', '<=', '='] as const;

/** Every check kind with its fields. `.strict()`: a misspelt field is an error, not silently ignored. */
export const CHECK_SCHEMAS = {
  'node-exists': z.object({ kind: z.literal('node-exists'), type: nodeType, count: count.optional() }).strict(),
  edge: z.object({ kind: z.literal('edge'), fromType: nodeType, toType: nodeType, fromPort: text(64).optional(), toPort: text(64).optional() }).strict(),
  param: z
    .object({ kind: z.literal('param'), type: nodeType, key: text(64), value: z.union([z.string(), z.number(), z.boolean()]) })
    .strict(),
  /** The param has a value (non-empty text, a chosen column…), e.g. the business objective is written. */
  'param-set': z.object({ kind: z.literal('param-set'), type: nodeType, key: text(64) }).strict(),
  /** No node of this type is left (e.g. the random split was removed). */
  'no-node': z.object({ kind: z.literal('no-node'), type: nodeType }).strict(),
  'node-ran': z.object({ kind: z.literal('node-ran'), type: nodeType }).strict(),
  'result-shown': z.object({ kind: z.literal('result-shown'), type: nodeType, output: text(64) }).strict(),
  metric: z
    .object({
      kind: z.literal('metric'),
      nodeType,
      /** Only nodes with a node of this type upstream count ("the mitigated model's DI"). */
      after: nodeType.optional(),
      metric: text(64),
      op: z.enum(METRIC_OPS),
      value: z.number(),
    })
    .strict(),
  'fairness-reports': z.object({ kind: z.literal('fairness-reports'), attribute: text(128), metric: text(64) }).strict(),
  'review-decided': z.object({ kind: z.literal('review-decided'), count }).strict(),
} as const;

export type CheckKind = keyof typeof CHECK_SCHEMAS;
export const CHECK_KINDS = Object.keys(CHECK_SCHEMAS) as CheckKind[];

export type Check = { [K in CheckKind]: z.infer<(typeof CHECK_SCHEMAS)[K]> }[CheckKind];

const StepShape = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, { error: 'must be lowercase letters, digits and "-" (e.g. "add-split")' }),
    title: text(120),
    phase: z.enum(PHASES, { error: `must be one of ${PHASES.join(', ')}` }),
    text: text(4000),
    hint: text(2000),
    /** Raw here; each is validated by its kind below so errors can name the unknown kind. */
    checks: z.array(z.unknown()).min(1, { error: 'needs at least one check' }).max(20),
  })
  .strict();

const LessonShape = z
  .object({
    format: z.literal(LESSON_FORMAT_VERSION, { error: `must be ${LESSON_FORMAT_VERSION}` }),
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, { error: 'must be lowercase letters, digits and "-"' }),
    title: text(120),
    summary: text(1000),
    audience: text(200).optional(),
    /** A template to start from (e.g. "resume-screening"), or absent for an empty canvas. */
    startTemplate: z.string().regex(/^[a-z0-9-]+$/).optional(),
    steps: z.array(z.unknown()).min(1, { error: 'needs at least one step' }).max(100),
  })
  .strict();

export type LessonStep = Omit<z.infer<typeof StepShape>, 'checks'> & { checks: Check[] };
export type Lesson = Omit<z.infer<typeof LessonShape>, 'steps'> & { steps: LessonStep[] };

export class LessonFormatError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'LessonFormatError';
  }
}

function fieldPath(path: readonly PropertyKey[]): string {
  let s = '';
  for (const p of path) s += typeof p === 'number' ? `[${p}]` : s ? `.${String(p)}` : String(p);
  return s;
}

function issues(error: z.ZodError, prefix: string, field: string): string[] {
  return error.issues.map((i) => {
    const path = fieldPath([...(field ? [field] : []), ...i.path]);
    const unknownKeys = i.code === 'unrecognized_keys' ? `unknown field${i.keys.length > 1 ? 's' : ''} ${i.keys.map((k) => `"${k}"`).join(', ')}` : '';
    return `${prefix}${path ? `field ${path}` : 'the value'}: ${unknownKeys || i.message}`;
  });
}

/** Validates one parsed lesson; every problem names its step (number and id) and field. */
export function validateLesson(value: unknown): Lesson {
  const top = LessonShape.safeParse(value);
  if (!top.success) {
    // Report only lesson-level problems first; step problems need a valid steps array to be named.
    throw new LessonFormatError(issues(top.error, 'Lesson: ', ''));
  }
  const problems: string[] = [];
  const steps: LessonStep[] = [];
  const ids = new Set<string>();
  top.data.steps.forEach((raw, si) => {
    const rawId = raw && typeof raw === 'object' && 'id' in raw && typeof raw.id === 'string' ? ` ("${raw.id}")` : '';
    const where = `Step ${si + 1}${rawId}: `;
    const step = StepShape.safeParse(raw);
    if (!step.success) {
      problems.push(...issues(step.error, where, ''));
      return;
    }
    if (ids.has(step.data.id)) problems.push(`${where}field id: "${step.data.id}" is used by an earlier step; give each step its own id`);
    ids.add(step.data.id);
    const checks: Check[] = [];
    step.data.checks.forEach((c, ci) => {
      const kind = c && typeof c === 'object' && 'kind' in c ? c.kind : undefined;
      if (typeof kind !== 'string' || !(kind in CHECK_SCHEMAS)) {
        problems.push(
          `${where}field checks[${ci}].kind: ${typeof kind === 'string' ? `unknown check kind "${kind}"` : 'missing'}; use one of ${CHECK_KINDS.join(', ')}`,
        );
        return;
      }
      const parsed = CHECK_SCHEMAS[kind as CheckKind].safeParse(c);
      if (!parsed.success) problems.push(...issues(parsed.error, where, `checks[${ci}]`));
      else checks.push(parsed.data as Check);
    });
    steps.push({ ...step.data, checks });
  });
  if (problems.length) throw new LessonFormatError(problems);
  return { ...top.data, steps };
}

/** Parses lesson file text (JSON); `fileName` only makes the message clearer. */
export function parseLesson(textValue: string, fileName = 'the lesson file'): Lesson {
  let value: unknown;
  try {
    value = JSON.parse(textValue);
  } catch (e) {
    throw new LessonFormatError([`${fileName} is not valid JSON: ${e instanceof Error ? e.message : String(e)}`]);
  }
  return validateLesson(value);
}
