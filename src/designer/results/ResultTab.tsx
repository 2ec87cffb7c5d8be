/**
 * A result in its own browser tab: reads the snapshot the designer stored (result-tab-store.ts) and
 * shows it with the same viewer as the results dock, using the whole window.
 */
import { useEffect, useState } from 'react';
import { loadResultSnapshot, type ResultSnapshot } from './result-tab-store.ts';
import { PortViewer } from './ResultsDock.tsx';
import './results.css';

type State = { kind: 'loading' } | { kind: 'missing' } | { kind: 'failed'; message: string } | { kind: 'ready'; snapshot: ResultSnapshot };

export function ResultTab({ resultKey }: { resultKey: string }) {
  const [state, setState] = useState<State>({ kind: 'loading' });
  useEffect(() => {
    loadResultSnapshot(resultKey).then(
      (snapshot) => setState(snapshot ? { kind: 'ready', snapshot } : { kind: 'missing' }),
      (e: Error) => setState({ kind: 'failed', message: e.message }),
    );
  }, [resultKey]);
  useEffect(() => {
    if (state.kind === 'ready') document.title = `${state.snapshot.nodeLabel} · ${state.snapshot.port} — Crispflow`;
  }, [state]);
  return (
    <main className="cf-result-tab" data-testid="result-tab">
      {state.kind === 'loading' && <p className="cf-muted">Loading the result…</p>}
      {state.kind === 'missing' && (
        <>
          <h1>Result not found</h1>
          <p>This result is no longer stored in this browser (results opened in a tab are kept for a day). Open it again from the designer.</p>
        </>
      )}
      {state.kind === 'failed' && (
        <>
          <h1>The result could not be read</h1>
          <p>{state.message}</p>
        </>
      )}
      {state.kind === 'ready' && (
        <>
          <header className="cf-result-tab-head">
            <h1>
              {state.snapshot.nodeLabel} · {state.snapshot.port}
            </h1>
            <p className="cf-muted">
              {state.snapshot.pipelineName} — stored {new Date(state.snapshot.savedAt).toLocaleString()}
            </p>
          </header>
          <PortViewer type={state.snapshot.type} value={state.snapshot.value} name={`${state.snapshot.nodeId}-${state.snapshot.port}`} />
        </>
      )}
    </main>
  );
}
