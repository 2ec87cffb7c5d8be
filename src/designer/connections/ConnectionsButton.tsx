/** The header's "Connections" button, shown only when a studio serves the page (connectors run there). */
import { lazy, Suspense, useState } from 'react';
import { useStore } from 'zustand';
import { studioState } from '../studio/studio-client.ts';
import { PanelDialog } from '../app/PanelDialog.tsx';

const ConnectionsDialog = lazy(() => import('./ConnectionsDialog.tsx').then((m) => ({ default: m.ConnectionsDialog })));

export function ConnectionsButton() {
  const mode = useStore(studioState);
  const [open, setOpen] = useState(false);
  if (mode.mode !== 'studio') return null;
  return (
    <>
      <button type="button" className="cf-btn cf-btn-quiet" data-testid="connections-button" onClick={() => setOpen(true)} title="Pull data from Workday, BambooHR, Greenhouse or an https address into the workspace">
        Connections
      </button>
      {open && (
        <PanelDialog title="Connections" wide testId="connections-dialog" onClose={() => setOpen(false)}>
          <Suspense fallback={<p>Loading…</p>}>
            <ConnectionsDialog />
          </Suspense>
        </PanelDialog>
      )}
    </>
  );
}
