/** The designer's entry point: registry, store, live compile, runner and workspace, then render. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@xyflow/react/dist/style.css';
import './styles.css';
import { App } from './app/App.tsx';
import type { Services } from './app/services.tsx';
import { browserDatasetProvider } from './datasets/browser-dataset-provider.ts';
import { onDatasetsChanged } from './datasets/dataset-store.ts';
import { openCrispflowDb } from './persistence/db.ts';
import { createWorkspace } from './projects/workspace.ts';
import { createRegistryWithStudioPackages } from './extensions/studio-node-packages.ts';
import { createRunController } from './run/run-controller.ts';
import { attachBudgetRunner, memoryBudgetBytes } from './run/memory-budget.ts';
import { createRunRecords } from './run/run-records.ts';
import { recordRunInStudio, startStudioMode } from './studio/studio-boot.ts';
import { warmFontsWhenIdle } from './ui/font-warmup.ts';
import { notify } from './ui/notices.ts';
import { createCompileService } from './store/compile-service.ts';
import { createPipelineStore } from './store/pipeline-store.ts';
import { browserSecretStore } from './persistence/secret-store.ts';

async function start() {
  // Built-in nodes and build-time packages, plus a studio workspace's node packages (imported first).
  const registry = await createRegistryWithStudioPackages();
  const store = createPipelineStore({ registry });
  const workspace = createWorkspace(store, registry);
  const compile = createCompileService(store, registry, browserDatasetProvider);
  onDatasetsChanged(() => compile.refreshDatasets());
  const records = createRunRecords({
    registry,
    datasets: browserDatasetProvider,
    currentPipelineId: () => workspace.state.getState().currentId ?? undefined,
    openDb: () => openCrispflowDb(),
    afterRecord: (doc, result) => recordRunInStudio({ doc, registry, datasets: browserDatasetProvider, result }),
  });
  const runs = createRunController({
    store,
    registry,
    datasets: browserDatasetProvider,
    currentKeys: () => compile.store.getState().keys,
    // The runtime and its workers load on the first run, keeping the first paint light.
    async createRunner() {
      const [{ createRunner }, { createBrowserPool }] = await Promise.all([
        import('../runtime/runner.ts'),
        import('../runtime/browser/browser-pool.ts'),
      ]);
      // Within the memory budget saved in this browser (the status bar shows and changes it).
      const runner = createRunner({ registry, pool: createBrowserPool(), datasets: browserDatasetProvider, memoryBudgetBytes: memoryBudgetBytes() });
      attachBudgetRunner(runner);
      return runner;
    },
    onFinished: (summary) => void workspace.saveRunSummary(summary),
    prepareDecisions: (doc, decisions) => records.prepareDecisions(doc, decisions),
    onResult: (doc, result) =>
      void records.record(doc, result).catch((e: Error) => notify(`The run could not be written to the audit log: ${e.message}`, 'error')),
    secrets: browserSecretStore(),
  });
  const services: Services = { compile: compile.store, runs, records, refreshDatasets: compile.refreshDatasets };
  // In a Crispflow studio (`crispflow studio`), its workspace holds datasets, models and runs; else browser only.
  void startStudioMode({ onError: (m) => notify(m, 'error') });
  await workspace.boot();

  // A small bridge for end-to-end tests and debugging (read-only views and the store).
  (window as unknown as { crispflow: unknown }).crispflow = { store, registry, workspace, compile: compile.store };

  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App store={store} registry={registry} services={services} workspace={workspace} />
    </StrictMode>,
  );
  warmFontsWhenIdle();
}

/** A result opened in its own tab (`?result=<key>`, results/ResultTab.tsx) shows only that result. */
async function startResultTab(key: string) {
  const { ResultTab } = await import('./results/ResultTab.tsx');
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <ResultTab resultKey={key} />
    </StrictMode>,
  );
}

const resultKey = new URLSearchParams(location.search).get('result');
if (resultKey) void startResultTab(resultKey);
else void start();
