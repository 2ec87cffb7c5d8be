/**
 * Choosing a lesson: the shipped ones (with the learner's progress) and a lesson file a trainer opens.
 * Starting a lesson that names a template opens that template as a new pipeline; continuing keeps the
 * learner's pipeline. A file that is not a valid lesson is refused with every problem, naming step and field.
 */
import { useMemo, useRef, useState } from 'react';
import { useStore } from 'zustand';
import { LessonFormatError, parseLesson, type Lesson } from '../../lessons/format.ts';
import type { PipelineDocument } from '../../core/document.ts';
import { PanelDialog } from '../app/PanelDialog.tsx';
import { downloadJson } from './download.ts';
import { studioState } from '../studio/studio-client.ts';
import { closeLessonPicker, lessonSession, savedLessonProgress, startLesson } from './lesson-session.ts';
import { exportProgress } from './progress.ts';
import { shippedLessons } from './shipped-lessons.ts';
import './lessons.css';

export interface LessonPickerProps {
  templates: ReadonlyArray<{ id: string; doc: PipelineDocument }>;
  /** Opens a pipeline (replacing an empty one, otherwise as a new pipeline). */
  onStartDocument(doc: PipelineDocument): Promise<void>;
}

export function LessonPicker(props: LessonPickerProps) {
  const open = useStore(lessonSession, (s) => s.pickerOpen);
  return open ? <PickerDialog {...props} /> : null;
}

function PickerDialog({ templates, onStartDocument }: LessonPickerProps) {
  const lessons = useMemo(() => shippedLessons(), []);
  const [fileLesson, setFileLesson] = useState<{ lesson: Lesson; text: string } | null>(null);
  const [problems, setProblems] = useState<{ file: string; list: string[] } | null>(null);
  const input = useRef<HTMLInputElement>(null);

  const begin = async (lesson: Lesson, restart: boolean, fileText?: string) => {
    const resume = !restart && savedLessonProgress(lesson) !== undefined;
    const template = lesson.startTemplate ? templates.find((t) => t.id === lesson.startTemplate) : undefined;
    startLesson(lesson, { restart, fileText });
    if (!resume && template) await onStartDocument(structuredClone(template.doc));
  };

  const onFile = async (file: File) => {
    const text = await file.text();
    try {
      const lesson = parseLesson(text, file.name);
      setProblems(null);
      setFileLesson({ lesson, text });
    } catch (e) {
      setFileLesson(null);
      setProblems({ file: file.name, list: e instanceof LessonFormatError ? e.problems : [String(e)] });
    }
  };

  const savedIn = useStore(lessonSession, (s) => s.savedIn);
  const workspace = useStore(studioState, (m) => (m.mode === 'studio' ? m.health.workspace : undefined));
  const all = fileLesson ? [{ lesson: fileLesson.lesson, fileText: fileLesson.text }, ...lessons.map((lesson) => ({ lesson, fileText: undefined }))] : lessons.map((lesson) => ({ lesson, fileText: undefined }));
  return (
    <PanelDialog title="Lessons" wide onClose={closeLessonPicker} testId="lesson-picker">
      <p className="cf-muted cf-lesson-intro">
        Step-by-step exercises through the CRISP-DM phases. Each step checks your pipeline and its results, and your progress is saved{' '}
        {savedIn === 'workspace' ? <span data-testid="lesson-saved-in">in the workspace {workspace ?? ''}</span> : <span data-testid="lesson-saved-in">in this browser</span>}.
      </p>
      <ul className="cf-lesson-list">
        {all.map(({ lesson, fileText }) => (
          <LessonItem key={`${fileText ? 'file:' : ''}${lesson.id}`} lesson={lesson} fromFile={Boolean(fileText)} onBegin={(restart) => void begin(lesson, restart, fileText)} />
        ))}
      </ul>
      <div className="cf-lesson-file">
        <button type="button" className="cf-btn" onClick={() => input.current?.click()} data-testid="lesson-open-file">
          Open lesson file…
        </button>
        <span className="cf-muted">A .lesson.json file written by a trainer (see docs/lessons.md).</span>
        <input
          ref={input}
          type="file"
          accept=".json,application/json"
          className="cf-visually-hidden"
          tabIndex={-1}
          aria-label="Lesson file"
          data-testid="lesson-file-input"
          onChange={(e) => {
            const f = e.target.files?.[0];
            if (f) void onFile(f);
            e.target.value = '';
          }}
        />
      </div>
      {problems && (
        <div className="cf-lesson-problems" role="alert" data-testid="lesson-file-problems">
          <p>
            <strong>“{problems.file}” is not a lesson Crispflow can open:</strong>
          </p>
          <ul>
            {problems.list.slice(0, 12).map((p, k) => (
              <li key={k}>{p}</li>
            ))}
          </ul>
          {problems.list.length > 12 && <p>…and {problems.list.length - 12} more.</p>}
        </div>
      )}
    </PanelDialog>
  );
}

function LessonItem({ lesson, fromFile, onBegin }: { lesson: Lesson; fromFile: boolean; onBegin(restart: boolean): void }) {
  // Subscribed so the item re-reads when the workspace's records arrive (studio mode) or the session saves.
  useStore(lessonSession, (s) => s.workspaceRecords);
  useStore(lessonSession, (s) => s.progress);
  const progress = savedLessonProgress(lesson);
  const passed = progress ? lesson.steps.filter((s) => progress.steps[s.id]?.passedAt).length : 0;
  const status = !progress ? `${lesson.steps.length} steps` : progress.completedAt ? 'Completed' : `${passed} of ${lesson.steps.length} steps done`;
  return (
    <li className="cf-lesson-item" data-lesson={lesson.id}>
      <div className="cf-lesson-item-text">
        <h3>
          {lesson.title}
          {fromFile && <span className="cf-lesson-tag">from file</span>}
        </h3>
        <p>{lesson.summary}</p>
        <p className="cf-muted">
          {lesson.audience ? `${lesson.audience} · ` : ''}
          {status}
        </p>
      </div>
      <div className="cf-lesson-item-actions">
        <button type="button" className="cf-btn cf-btn-primary" onClick={() => onBegin(false)} aria-label={`${progress ? 'Continue' : 'Start'}: ${lesson.title}`}>
          {progress ? 'Continue' : 'Start'}
        </button>
        {progress && (
          <>
            <button type="button" className="cf-btn" onClick={() => onBegin(true)} aria-label={`Start again: ${lesson.title}`}>
              Start again
            </button>
            <button type="button" className="cf-btn cf-btn-quiet" onClick={() => downloadJson(exportProgress(lesson, progress), `${lesson.id}.progress.json`)} aria-label={`Export progress: ${lesson.title}`}>
              Export progress
            </button>
          </>
        )}
      </div>
    </li>
  );
}
