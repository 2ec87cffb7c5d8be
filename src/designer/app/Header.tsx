import { useCallback, useEffect, useState } from 'react';
import { useCloseOnOutsideClick } from '../ui/use-close-on-outside-click.ts';
import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import { usePipeline, usePipelineStore, useUndoRedoState } from '../store/context.tsx';
import { redo, undo } from '../store/pipeline-store.ts';
import type { Workspace } from '../projects/workspace.ts';
import { useServices } from './services.tsx';
import { StudioBadge } from '../studio/StudioBadge.tsx';
import { ConnectionsButton } from '../connections/ConnectionsButton.tsx';
import { openLessonPicker } from '../lessons/lesson-session.ts';
import { LanesToggle } from '../canvas/lanes/PhaseLanes.tsx';

const emptyRecordsState = createStore(() => ({ recorded: 0 }));

export interface HeaderProps {
  workspace: Workspace;
  onOpenFile(): void;
  onSaveFile(): void;
  onTemplates(): void;
  onAutoLayout(): void;
  onFitView(): void;
  /** Opens the model versions panel. */
  onModels?(): void;
  /** Opens the audit log panel. */
  onAuditLog?(): void;
}

/** Top bar: pipeline name and project list, file actions, undo/redo, layout and run controls. */
export function Header({ workspace, onOpenFile, onSaveFile, onTemplates, onAutoLayout, onFitView, onModels, onAuditLog }: HeaderProps) {
  const store = usePipelineStore();
  const { runs, records } = useServices();
  const recorded = useStore(records?.state ?? emptyRecordsState, (s) => s.recorded);
  const name = usePipeline((s) => s.doc.metadata.name);
  const running = usePipeline((s) => s.run.active);
  const selected = usePipeline((s) => s.selection.nodes);
  const nodeCount = usePipeline((s) => s.doc.nodes.length);
  const { canUndo, canRedo } = useUndoRedoState();
  const [draft, setDraft] = useState(name);
  useEffect(() => setDraft(name), [name]);
  const commitName = () => {
    const n = draft.trim() || 'Untitled pipeline';
    if (n !== name) store.getState().renamePipeline(n);
    else setDraft(n);
  };
  const mac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
  const modKey = mac ? '⌘' : 'Ctrl+';

  return (
    <header className="cf-header">
      <div className="cf-brand" aria-hidden="true">
        <span className="cf-logo">◆</span> Crispflow
      </div>
      <StudioBadge refreshKey={recorded} />
      <div className="cf-header-name">
        <label htmlFor="cf-pipeline-name" className="cf-visually-hidden">
          Pipeline name
        </label>
        <input
          id="cf-pipeline-name"
          className="cf-name-input"
          value={draft}
          title={draft}
          onChange={(e) => setDraft(e.target.value)}
          onBlur={commitName}
          onKeyDown={(e) => {
            if (e.key === 'Enter') (e.target as HTMLInputElement).blur();
          }}
        />
        <ProjectMenu workspace={workspace} />
      </div>
      <div className="cf-toolbar" role="toolbar" aria-label="Pipeline actions">
        <button type="button" className="cf-btn cf-btn-quiet" onClick={onTemplates}>
          Templates
        </button>
        <ConnectionsButton />
        <button type="button" className="cf-btn cf-btn-quiet" onClick={openLessonPicker} title="Step-by-step CRISP-DM lessons that check your pipeline as you go">
          Lessons
        </button>
        <button type="button" className="cf-btn cf-btn-quiet" onClick={onOpenFile} title="Open a pipeline file (.json)">
          Open…
        </button>
        <button type="button" className="cf-btn cf-btn-quiet" onClick={onSaveFile} aria-label="Save file" title="Save this pipeline as a .pipeline.json file">
          Save
        </button>
        {onModels && (
          <button type="button" className="cf-btn cf-btn-quiet" onClick={onModels} title="Trained model versions: compare them, export model cards">
            Models
          </button>
        )}
        {onAuditLog && (
          <button type="button" className="cf-btn cf-btn-quiet" onClick={onAuditLog} title="The tamper-evident log of runs and review decisions">
            Audit log
          </button>
        )}
        <span className="cf-sep" aria-hidden="true" />
        <button type="button" className="cf-btn cf-btn-quiet cf-btn-icon" onClick={() => undo(store)} disabled={!canUndo} aria-label="Undo" title={`Undo (${modKey}Z)`} aria-keyshortcuts="Control+Z">
          <span aria-hidden="true">↶</span>
        </button>
        <button type="button" className="cf-btn cf-btn-quiet cf-btn-icon" onClick={() => redo(store)} disabled={!canRedo} aria-label="Redo" title={`Redo (Shift+${modKey}Z)`} aria-keyshortcuts="Control+Shift+Z">
          <span aria-hidden="true">↷</span>
        </button>
        <button type="button" className="cf-btn cf-btn-quiet" onClick={onAutoLayout} disabled={nodeCount === 0} title="Arrange the nodes from left to right">
          Tidy up
        </button>
        <button type="button" className="cf-btn cf-btn-quiet" onClick={onFitView} disabled={nodeCount === 0} title="Zoom to show the whole pipeline">
          Fit view
        </button>
        <LanesToggle />
        <span className="cf-sep" aria-hidden="true" />
        <button type="button" className="cf-btn cf-btn-primary" onClick={() => runs.runAll()} disabled={running || nodeCount === 0}>
          ▶ Run all
        </button>
        <button
          type="button"
          className="cf-btn"
          onClick={() => selected[0] && runs.runTo(selected[0])}
          disabled={running || selected.length !== 1}
          title="Run the selected node and everything it needs"
        >
          Run to here
        </button>
        <button type="button" className="cf-btn cf-btn-danger" onClick={() => runs.stop()} disabled={!running}>
          ■ Stop
        </button>
      </div>
    </header>
  );
}

/** The project list: switch, create, delete pipelines (all stored on this computer). */
function ProjectMenu({ workspace }: { workspace: Workspace }) {
  const { projects, currentId } = useStore(workspace.state);
  const [open, setOpen] = useState(false);
  const ref = useCloseOnOutsideClick<HTMLDivElement>(open, useCallback(() => setOpen(false), []));
  return (
    <div className="cf-projects" ref={ref}>
      <button
        type="button"
        className="cf-btn cf-btn-quiet"
        aria-expanded={open}
        aria-controls="cf-project-list"
        onClick={() => setOpen((o) => !o)}
        onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}
        title={`${projects.length} pipeline${projects.length === 1 ? '' : 's'} saved on this computer`}
      >
        Pipelines ({projects.length}) ▾
      </button>
      {open && (
        <div id="cf-project-list" className="cf-popover" role="dialog" aria-label="Your pipelines" onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}>
          <p className="cf-muted">Saved on this computer only.</p>
          <ul>
            {projects.map((p) => (
              <li key={p.id} className={p.id === currentId ? 'cf-current' : ''}>
                <button
                  type="button"
                  className="cf-link-btn"
                  aria-current={p.id === currentId ? 'true' : undefined}
                  onClick={() => {
                    setOpen(false);
                    void workspace.open(p.id);
                  }}
                >
                  {p.name}
                </button>
                <span className="cf-muted">{new Date(p.updatedAt).toLocaleString()}</span>
                <button
                  type="button"
                  className="cf-link-btn cf-danger-link"
                  aria-label={`Delete pipeline ${p.name}`}
                  onClick={() => {
                    if (window.confirm(`Delete the pipeline “${p.name}”? This cannot be undone.`)) void workspace.remove(p.id);
                  }}
                >
                  Delete
                </button>
              </li>
            ))}
          </ul>
          <button
            type="button"
            className="cf-btn"
            onClick={() => {
              setOpen(false);
              void workspace.create();
            }}
          >
            + New pipeline
          </button>
        </div>
      )}
    </div>
  );
}
