import { useCallback, useEffect, useState } from 'react';
import { useStore } from 'zustand';
import type { StoredDataset } from '../persistence/db.ts';
import { listDatasets, onDatasetsChanged } from './dataset-store.ts';
import { uploadsStore, type UploadStatus } from './upload.ts';

/** The stored datasets, refreshed after every upload or delete. */
export function useDatasets(): { datasets: StoredDataset[] | undefined; error?: string } {
  const [state, setState] = useState<{ datasets: StoredDataset[] | undefined; error?: string }>({ datasets: undefined });
  const refresh = useCallback(() => {
    listDatasets().then(
      (datasets) => setState({ datasets }),
      (err: unknown) => setState({ datasets: [], error: err instanceof Error ? err.message : String(err) }),
    );
  }, []);
  useEffect(() => {
    refresh();
    return onDatasetsChanged(refresh);
  }, [refresh]);
  return state;
}

export function useUploads(): UploadStatus[] {
  return useStore(uploadsStore, (s) => s.uploads);
}
