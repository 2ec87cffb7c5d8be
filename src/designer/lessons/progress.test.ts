import { describe, expect, it } from 'vitest';
import { validateLesson } from '../../lessons/format.ts';
import { clearProgress, exportProgress, goTo, loadProgress, markHint, markPassed, newProgress, saveProgress, type KeyValueStore } from './progress.ts';

const lesson = validateLesson({
  format: 1,
  id: 'two-steps',
  title: 'Two steps',
  summary: 'S',
  steps: ['a', 'b'].map((id) => ({ id, title: id.toUpperCase(), phase: 'modeling', text: 't', hint: 'h', checks: [{ kind: 'node-exists', type: 'kmeans' }] })),
});

function memory(): KeyValueStore & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v), removeItem: (k) => void data.delete(k) };
}

const at = (s: number) => new Date(Date.UTC(2026, 11, 7, 9, 0, s));

describe('lesson progress', () => {
  it('records shown, hint and pass times per step, completes on the last pass, and round-trips through storage', () => {
    let p = newProgress(lesson, at(0));
    p = markHint(p, lesson, at(5));
    p = markHint(p, lesson, at(6)); // the first reveal counts
    p = markPassed(p, lesson, at(10));
    p = goTo(p, lesson, 1, at(12));
    expect(p.completedAt).toBeUndefined();
    p = markPassed(p, lesson, at(20));
    expect(p.completedAt).toBe(at(20).toISOString());
    const store = memory();
    saveProgress(store, p);
    expect([...store.data.keys()]).toEqual(['crispflow.lesson.two-steps']);
    expect(loadProgress(store, lesson)).toEqual(p);

    const out = exportProgress(lesson, p, ' Ana ');
    expect(out).toMatchObject({ kind: 'crispflow-lesson-progress', learner: 'Ana', stepsPassed: 2, completedAt: '2026-12-07T09:00:20.000Z' });
    expect(out.steps).toEqual([
      { number: 1, id: 'a', title: 'A', phase: 'modeling', shownAt: '2026-12-07T09:00:00.000Z', hintRevealedAt: '2026-12-07T09:00:05.000Z', passedAt: '2026-12-07T09:00:10.000Z' },
      { number: 2, id: 'b', title: 'B', phase: 'modeling', shownAt: '2026-12-07T09:00:12.000Z', hintRevealedAt: null, passedAt: '2026-12-07T09:00:20.000Z' },
    ]);
    clearProgress(store, lesson.id);
    expect(loadProgress(store, lesson)).toBeUndefined();
  });

  it('ignores unreadable or foreign saved progress and clamps a step index past the end', () => {
    const store = memory();
    store.setItem('crispflow.lesson.two-steps', '{not json');
    expect(loadProgress(store, lesson)).toBeUndefined();
    store.setItem('crispflow.lesson.two-steps', JSON.stringify({ lessonId: 'other', current: 0, steps: {} }));
    expect(loadProgress(store, lesson)).toBeUndefined();
    store.setItem('crispflow.lesson.two-steps', JSON.stringify({ ...newProgress(lesson, at(0)), current: 9 }));
    expect(loadProgress(store, lesson)?.current).toBe(1);
  });
});
