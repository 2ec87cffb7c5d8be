/**
 * The lesson panel, above the palette so the step and the nodes it asks for are side by side: the current step with its CRISP-DM phase colour, its text, the live
 * state of each check (evaluated on the pipeline and its run results whenever they change), the hint on
 * request, and Back / Next. Next is enabled once every check of the step passes.
 */
import { useEffect, useMemo } from 'react';
import { useStore } from 'zustand';
import { evaluateChecks, type LessonContext } from '../../lessons/checks.ts';
import { usePipeline, useRegistry } from '../store/context.tsx';
import { PHASE_COLOR, PHASE_LABEL } from '../theme.ts';
import { downloadJson } from './download.ts';
import { closeLesson, goToStep, lessonSession, openLessonPicker, recordPassed, revealHint, setLessonCollapsed } from './lesson-session.ts';
import { exportProgress } from './progress.ts';
import './lessons.css';

export function LessonPanel() {
  const { lesson, progress, collapsed } = useStore(lessonSession);
  if (!lesson || !progress) return null;
  return (
    <div className="cf-lesson-dock">
      {collapsed ? (
        <button type="button" className="cf-btn cf-lesson-reopen" onClick={() => setLessonCollapsed(false)} data-testid="lesson-expand" aria-label={`Show lesson: ${lesson.title}`}>
          Lesson · step {progress.current + 1} of {lesson.steps.length}
        </button>
      ) : (
        <LessonCard />
      )}
    </div>
  );
}

function LessonCard() {
  const { lesson, progress, saveError } = useStore(lessonSession);
  const registry = useRegistry();
  const doc = usePipeline((s) => s.doc);
  const run = usePipeline((s) => s.run);
  const shown = usePipeline((s) => (s.selection.nodes.length === 1 ? s.selection.nodes[0] : null));
  const step = lesson && progress ? lesson.steps[progress.current] : undefined;
  const result = useMemo(() => {
    if (!step) return undefined;
    const ctx: LessonContext = {
      doc,
      run,
      shownNodeId: shown,
      titleOf: (t) => registry.get(t)?.title ?? t,
      paramLabelOf: (t, key) => (registry.get(t)?.params as Record<string, { label?: string }> | undefined)?.[key]?.label ?? key,
    };
    return evaluateChecks(step.checks, ctx);
  }, [step, doc, run, shown, registry]);
  const passed = result?.passed ?? false;
  const recorded = step && progress ? progress.steps[step.id]?.passedAt : undefined;
  useEffect(() => {
    if (passed && !recorded) recordPassed();
  }, [passed, recorded]);
  if (!lesson || !progress || !step || !result) return null;
  const i = progress.current;
  const last = i === lesson.steps.length - 1;
  const hintShown = Boolean(progress.steps[step.id]?.hintAt);
  const done = last && passed;
  const colour = PHASE_COLOR[step.phase];
  return (
    <section className="cf-lesson" aria-labelledby="cf-lesson-step-title" data-testid="lesson-panel" data-step={step.id} data-passed={passed}>
      <header className="cf-lesson-head">
        <div className="cf-lesson-name">
          <span className="cf-lesson-kicker">Lesson</span>
          <span className="cf-lesson-title">{lesson.title}</span>
        </div>
        <button type="button" className="cf-btn cf-btn-quiet cf-btn-icon" onClick={() => setLessonCollapsed(true)} aria-label="Fold the lesson panel" title="Fold">
          <span aria-hidden="true">–</span>
        </button>
        <button type="button" className="cf-btn cf-btn-quiet cf-btn-icon" onClick={closeLesson} aria-label="Close the lesson" title="Close the lesson (progress is kept)">
          <span aria-hidden="true">×</span>
        </button>
      </header>
      <ol className="cf-lesson-steps" aria-label="Steps">
        {lesson.steps.map((s, k) => {
          const state = progress.steps[s.id]?.passedAt ? 'done' : k === i ? 'current' : 'todo';
          return (
            <li
              key={s.id}
              className={`cf-lesson-pip cf-lesson-pip-${state}`}
              style={{ background: state === 'todo' ? undefined : PHASE_COLOR[s.phase] }}
              aria-current={k === i ? 'step' : undefined}
              title={`${k + 1}. ${s.title} (${PHASE_LABEL[s.phase]})${state === 'done' ? ', done' : ''}`}
            >
              <span className="cf-visually-hidden">
                Step {k + 1}: {s.title}, {state === 'done' ? 'done' : state === 'current' ? 'current' : 'not done'}
              </span>
            </li>
          );
        })}
      </ol>
      <p className="cf-lesson-meta">
        <span className="cf-lesson-phase" style={{ borderColor: colour, background: `color-mix(in srgb, ${colour} 16%, white)` }} data-testid="lesson-phase">
          {PHASE_LABEL[step.phase]}
        </span>
        <span className="cf-muted" data-testid="lesson-step-number">
          Step {i + 1} of {lesson.steps.length}
        </span>
      </p>
      <h3 id="cf-lesson-step-title" className="cf-lesson-step-title">
        {step.title}
      </h3>
      <p className="cf-lesson-text">{step.text}</p>
      <ul className="cf-lesson-checks" aria-label="What to do" aria-live="polite" data-testid="lesson-checks">
        {result.results.map((r, k) => (
          <li key={k} className={r.passed ? 'cf-lesson-check-ok' : 'cf-lesson-check-open'} data-passed={r.passed}>
            <span className="cf-lesson-check-mark" aria-hidden="true">
              {r.passed ? '✓' : '○'}
            </span>
            <span>
              <span className="cf-visually-hidden">{r.passed ? 'Done: ' : 'To do: '}</span>
              {r.label}
              {!r.passed && r.missing && <span className="cf-lesson-missing">{r.missing}</span>}
            </span>
          </li>
        ))}
      </ul>
      {hintShown ? (
        <p className="cf-lesson-hint" data-testid="lesson-hint">
          <strong>Hint: </strong>
          {step.hint}
        </p>
      ) : (
        <button type="button" className="cf-link-btn cf-lesson-hint-btn" onClick={revealHint} data-testid="lesson-show-hint">
          Show a hint
        </button>
      )}
      <footer className="cf-lesson-foot">
        <button type="button" className="cf-btn" onClick={() => goToStep(i - 1)} disabled={i === 0}>
          Back
        </button>
        {done ? (
          <span className="cf-lesson-done" role="status" data-testid="lesson-complete">
            Lesson complete
          </span>
        ) : (
          <button
            type="button"
            className="cf-btn cf-btn-primary"
            onClick={() => goToStep(i + 1)}
            disabled={!passed || last}
            data-testid="lesson-next"
            title={passed ? undefined : 'Complete the tasks above first'}
          >
            {last ? 'Last step' : 'Next step'}
          </button>
        )}
      </footer>
      {saveError && (
        <p className="cf-lesson-save-error" role="alert" data-testid="lesson-save-error">
          {saveError}
        </p>
      )}
      <div className="cf-lesson-tools">
        <button type="button" className="cf-link-btn" onClick={() => downloadJson(exportProgress(lesson, progress), `${lesson.id}.progress.json`)} data-testid="lesson-export">
          Export progress
        </button>
        <button type="button" className="cf-link-btn" onClick={openLessonPicker}>
          All lessons
        </button>
      </div>
    </section>
  );
}
