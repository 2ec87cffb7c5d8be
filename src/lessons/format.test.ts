import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { builtinNodes } from '../../nodes/index.ts';
import { CHECK_KINDS, LessonFormatError, parseLesson, validateLesson } from './format.ts';

const lessonsDir = new URL('../../lessons/', import.meta.url);
const shipped = readdirSync(lessonsDir).filter((f) => f.endsWith('.lesson.json'));

const minimal = () => ({
  format: 1,
  id: 'mini',
  title: 'Mini',
  summary: 'A small lesson.',
  steps: [
    { id: 'one', title: 'One', phase: 'modeling', text: 'Add a split.', hint: 'Use the palette.', checks: [{ kind: 'node-exists', type: 'train-test-split' }] },
    { id: 'two', title: 'Two', phase: 'evaluation', text: 'Connect.', hint: 'Drag.', checks: [{ kind: 'edge', fromType: 'train-test-split', toType: 'logistic-regression' }] },
  ],
});

function problemsOf(value: unknown): string[] {
  try {
    validateLesson(value);
  } catch (e) {
    if (e instanceof LessonFormatError) return e.problems;
    throw e;
  }
  throw new Error('expected the lesson to be refused');
}

describe('lesson format', () => {
  it('ships at least four lessons, each valid, naming only node types that exist, with unique ids', () => {
    expect(shipped.length).toBeGreaterThanOrEqual(4);
    const types = new Set(builtinNodes.map((d) => d.type));
    const ids = new Set<string>();
    for (const f of shipped) {
      const lesson = parseLesson(readFileSync(new URL(f, lessonsDir), 'utf8'), f);
      expect(f).toBe(`${lesson.id}.lesson.json`);
      ids.add(lesson.id);
      for (const step of lesson.steps)
        for (const c of step.checks) {
          for (const key of ['type', 'fromType', 'toType', 'nodeType', 'after'] as const) {
            const t = (c as Record<string, unknown>)[key];
            if (typeof t === 'string') expect(types.has(t), `${f} step ${step.id}: unknown node type ${t}`).toBe(true);
          }
        }
    }
    expect(ids.size).toBe(shipped.length);
  });

  it('covers the four required topics and every CRISP-DM phase at least once across lessons', () => {
    const lessons = shipped.map((f) => parseLesson(readFileSync(new URL(f, lessonsDir), 'utf8')));
    expect(lessons.map((l) => l.startTemplate).sort()).toEqual(['attrition', 'promotion-baseline', 'promotion-baseline', 'resume-screening']);
    const phases = new Set(lessons.flatMap((l) => l.steps.map((s) => s.phase)));
    expect([...phases].sort()).toEqual(['business-understanding', 'data-preparation', 'data-understanding', 'deployment', 'evaluation', 'modeling']);
  });

  it('parses a minimal lesson', () => {
    const l = validateLesson(minimal());
    expect(l.steps.map((s) => s.checks[0].kind)).toEqual(['node-exists', 'edge']);
  });

  it('refuses an unknown check kind, naming the step and the field and listing the known kinds', () => {
    const l = minimal();
    (l.steps[1].checks as unknown[]) = [{ kind: 'code', source: 'alert(1)' }];
    const p = problemsOf(l);
    expect(p).toHaveLength(1);
    expect(p[0]).toMatch(/^Step 2 \("two"\): field checks\[0\]\.kind: unknown check kind "code"; use one of /);
    for (const k of CHECK_KINDS) expect(p[0]).toContain(k);
  });

  it('refuses a malformed step, naming the step and each field', () => {
    const l = minimal() as { steps: Array<Record<string, unknown>> };
    l.steps[0].phase = 'training';
    delete l.steps[0].hint;
    const p = problemsOf(l);
    expect(p.some((s) => /^Step 1 \("one"\): field phase: must be one of business-understanding/.test(s))).toBe(true);
    expect(p.some((s) => s.startsWith('Step 1 ("one"): field hint:'))).toBe(true);
  });

  it('refuses a check with a missing or misspelt field, naming step and field', () => {
    const l = minimal();
    (l.steps[1].checks as unknown[]) = [{ kind: 'metric', nodeType: 'evaluate-classifier', metric: 'auc', op: '>>', value: 0.7 }];
    expect(problemsOf(l)).toEqual([expect.stringMatching(/^Step 2 \("two"\): field checks\[0\]\.op: /)]);
    (l.steps[1].checks as unknown[]) = [{ kind: 'edge', fromType: 'train-test-split', to: 'logistic-regression' }];
    const p = problemsOf(l);
    expect(p.some((s) => s.startsWith('Step 2 ("two"): field checks[0].toType:'))).toBe(true);
    expect(p.some((s) => s.includes('unknown field "to"'))).toBe(true);
  });

  it('refuses duplicate step ids, a step without checks, and text that is not JSON', () => {
    const l = minimal();
    l.steps[1].id = 'one';
    expect(problemsOf(l)).toEqual([expect.stringMatching(/^Step 2 \("one"\): field id: "one" is used by an earlier step/)]);
    const m = minimal();
    m.steps[0].checks = [];
    expect(problemsOf(m)).toEqual(['Step 1 ("one"): field checks: needs at least one check']);
    expect(() => parseLesson('{ nope', 'x.lesson.json')).toThrow(/x\.lesson\.json is not valid JSON/);
  });

  it('refuses a lesson of another format version, naming the field', () => {
    expect(problemsOf({ ...minimal(), format: 2 })).toEqual(['Lesson: field format: must be 1']);
  });
});
