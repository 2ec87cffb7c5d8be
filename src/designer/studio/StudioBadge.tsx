/**
 * The header's mode badge: "Studio: <workspace>" when a Crispflow studio serves the page (its workspace
 * holds datasets, models and runs), "Browser only" otherwise (everything stays in this browser's storage).
 * In a studio it opens a small panel with the workspace's recent run records; a record opens in full.
 */
import { useCallback, useEffect, useState } from 'react';
import { useCloseOnOutsideClick } from '../ui/use-close-on-outside-click.ts';
import { useStore } from 'zustand';
import { studioState } from './studio-client.ts';
import { getStudioRun, listStudioRuns, type RunRecordSummary } from './studio-run-list.ts';
import './studio.css';

export function StudioBadge({ refreshKey }: { refreshKey?: unknown }) {
  const mode = useStore(studioState);
  const [open, setOpen] = useState(false);
  const ref = useCloseOnOutsideClick<HTMLDivElement>(open, useCallback(() => setOpen(false), []));
  if (mode.mode === 'detecting') return null;
  if (mode.mode === 'browser') {
    return (
      <span
        className="cf-studio-badge"
        data-mode="browser"
        data-testid="studio-badge"
        title={mode.note ?? 'No Crispflow studio serves this page: datasets, models and runs are kept in this browser only. Start one with "npm start" (or npx crispflow studio) to share them with the crispflow command.'}
      >
        Browser only
      </span>
    );
  }
  return (
    <div className="cf-studio" ref={ref}>
      <button
        type="button"
        className="cf-studio-badge"
        data-mode="studio"
        data-testid="studio-badge"
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
        onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}
        title={`Crispflow studio ${mode.health.version}: datasets, model versions and runs are kept in the workspace folder “${mode.health.workspace}”.`}
      >
        Studio: {mode.health.workspace}
      </button>
      {open && <WorkspacePanel workspace={mode.health.workspace} refreshKey={refreshKey} />}
    </div>
  );
}

function WorkspacePanel({ workspace, refreshKey }: { workspace: string; refreshKey?: unknown }) {
  const [runs, setRuns] = useState<RunRecordSummary[]>();
  const [shown, setShown] = useState<{ id: string; text: string }>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    listStudioRuns().then(setRuns, (e: Error) => setError(e.message));
  }, [refreshKey]);
  const openRun = (id: string) =>
    getStudioRun(id).then(
      (r) => setShown({ id, text: JSON.stringify(r, null, 2) }),
      (e: Error) => setError(e.message),
    );
  return (
    <div className="cf-popover cf-studio-popover" role="dialog" aria-label="Studio workspace">
      <p className="cf-muted">
        Workspace “{workspace}”: datasets, model versions (also for <code>crispflow run --registry {workspace}/registry</code>) and run records.
      </p>
      {error && <p role="alert">{error}</p>}
      <h3>Recent runs</h3>
      {runs === undefined && !error && <p className="cf-muted">Loading…</p>}
      {runs?.length === 0 && <p className="cf-muted">No runs recorded yet. Each designer run is kept here.</p>}
      {runs && runs.length > 0 && (
        <ul data-testid="studio-runs">
          {runs.slice(0, 20).map((r) => (
            <li key={r.id}>
              <button type="button" className="cf-link-btn" onClick={() => void openRun(r.id)}>
                {r.pipeline.name}
              </button>
              <span className="cf-muted">
                {r.status} · {new Date(r.finishedAt).toLocaleString()}
              </span>
            </li>
          ))}
        </ul>
      )}
      {shown && (
        <section aria-label={`Run record ${shown.id}`}>
          <h3>Run {shown.id.slice(0, 8)}</h3>
          {/* Focusable, so the record can be scrolled from the keyboard. */}
          <pre tabIndex={0}>{shown.text}</pre>
        </section>
      )}
    </div>
  );
}
