/**
 * Start-up of studio mode: asks the studio once (GET /api/health with the session token); in a studio,
 * installs the workspace dataset mirror and copies the workspace's datasets in, again whenever the tab
 * becomes visible (files may have been added to the folder meanwhile). Without a studio nothing changes:
 * the designer works from IndexedDB alone.
 */
import type { PipelineDocument } from '../../core/document.ts';
import type { DatasetProvider } from '../../core/node-definition.ts';
import type { NodeRegistry } from '../../core/registry.ts';
import type { RunResult } from '../../runtime/runner.ts';
import { getLocalDataset, setDatasetMirror } from '../datasets/dataset-store.ts';
import { activeStudio, detectStudio } from './studio-client.ts';
import { createStudioDatasetMirror } from './studio-datasets.ts';

export async function startStudioMode(o: { onError(message: string): void }): Promise<void> {
  const mode = await detectStudio();
  if (mode.mode !== 'studio') return;
  const mirror = createStudioDatasetMirror(getLocalDataset);
  setDatasetMirror(mirror);
  const sync = () => void mirror.sync().catch((e: Error) => o.onError(`The studio's datasets could not be read: ${e.message}`));
  sync();
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') sync();
  });
}

/** After a designer run (studio mode only): registers its models in the workspace and keeps its run record. */
export async function recordRunInStudio(args: { doc: PipelineDocument; registry: NodeRegistry; datasets: DatasetProvider; result: RunResult }): Promise<void> {
  if (!activeStudio() || args.result.status === 'invalid') return;
  // Loaded on the first run, as the browser's own run records are: the first paint stays light.
  const [{ registerRunModels }, { saveStudioRun }] = await Promise.all([import('./studio-models.ts'), import('./studio-runs.ts')]);
  const registered = await registerRunModels(args);
  await saveStudioRun({ ...args, registered });
}
