import { lazy, Suspense, use, useCallback, useDeferredValue, useEffect, useMemo, useRef, useState, type ComponentProps } from 'react';
import { ReactFlowProvider } from '@xyflow/react';
import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import { parsePipeline, serializePipeline } from '../../core/document-io.ts';
import type { PipelineDocument } from '../../core/document.ts';
import type { NodeRegistry } from '../../core/registry.ts';
import { PipelineCanvas } from '../canvas/PipelineCanvas.tsx';
import { useCanvasActions } from '../canvas/use-canvas-actions.ts';
import { importFiles } from '../datasets/upload.ts';
import { Inspector } from '../inspector/Inspector.tsx';
import { Palette } from '../palette/Palette.tsx';
import { fullShapExplanation, managerInputs } from '../manager/manager-inputs.ts';
import type { Workspace } from '../projects/workspace.ts';
import type { ResultsDock as ResultsDockView } from '../results/ResultsDock.tsx';
import type { RunRecordsState } from '../run/run-records.ts';
import { PipelineProvider, usePipeline, usePipelineStore, useRegistry } from '../store/context.tsx';
import { emptyDocument } from '../store/doc-edits.ts';
import type { PipelineStore, RunOutcome } from '../store/pipeline-store.ts';
import { loadTemplates, type Template } from '../templates.ts';
import { openResultInTab } from '../results/open-result-tab.ts';
import { notify } from '../ui/notices.ts';
import { Toasts } from '../ui/Toasts.tsx';
import { DockSplitter } from './DockSplitter.tsx';
import { Header } from './Header.tsx';
import { ServicesProvider, useServices, type Services } from './services.tsx';
import { PanelDialog } from './PanelDialog.tsx';
import { ProblemsList } from './ProblemsList.tsx';
import { MemoryBudgetReadout } from '../run/MemoryBudgetReadout.tsx';
import { useShortcutKey } from './use-shortcut-key.ts';
import { preloadable } from './preloadable.ts';
import { TemplateGallery } from './TemplateGallery.tsx';
import { MapColumnsDialog } from '../templates/MapColumnsDialog.tsx';
import { useDatasets } from '../datasets/useDatasets.ts';
import { LessonPicker } from '../lessons/LessonPicker.tsx';
import { LessonPanel } from '../lessons/LessonPanel.tsx';
import { useShortcuts } from './use-shortcuts.ts';

// Result viewers (charts) and the datasets panel load on demand, keeping the first download small.
// The result viewers are fetched ahead once a pipeline has nodes (something to select soon), so the
// first selection, e.g. of a node just added, renders them at once instead of importing them then.
const resultsDockModule = preloadable(() => import('../results/ResultsDock.tsx'));
function ResultsDock(props: ComponentProps<typeof ResultsDockView>) {
  const { ResultsDock: View } = use(resultsDockModule.load());
  return <View {...props} />;
}
const ReviewQueue = lazy(() => import('../review/ReviewQueue.tsx').then((m) => ({ default: m.ReviewQueue })));
const DatasetsPanel = lazy(() => import('../datasets/DatasetsPanel.tsx').then((m) => ({ default: m.DatasetsPanel })));
const ModelVersions = lazy(() => import('../models/ModelVersions.tsx').then((m) => ({ default: m.ModelVersions })));
const AuditLog = lazy(() => import('../review/AuditLog.tsx').then((m) => ({ default: m.AuditLog })));
const ShortcutSheet = lazy(() => import('./ShortcutSheet.tsx').then((m) => ({ default: m.ShortcutSheet })));
const ManagerView = lazy(() => import('../manager/ManagerView.tsx').then((m) => ({ default: m.ManagerView })));

/** Used when the services have no run records (e.g. tests mounting the shell without them). */
const NO_RECORDS = createStore<RunRecordsState>(() => ({ recorded: 0 }));

/** The results dock's element id, for the splitter's aria-controls. */
const RESULTS_REGION_ID = 'cf-results-region';

type Panel = { kind: 'models' } | { kind: 'audit' } | { kind: 'manager'; nodeId: string };

export interface AppProps {
  store: PipelineStore;
  registry: NodeRegistry;
  services: Services;
  workspace: Workspace;
}

export function App(props: AppProps) {
  return (
    <PipelineProvider store={props.store} registry={props.registry}>
      <ServicesProvider services={props.services}>
        <ReactFlowProvider>
          <Shell registry={props.registry} workspace={props.workspace} />
        </ReactFlowProvider>
      </ServicesProvider>
    </PipelineProvider>
  );
}

function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'pipeline';
}

function Shell({ registry, workspace }: { registry: NodeRegistry; workspace: Workspace }) {
  useEffect(() => {
    // For the start-up measurement (e2e performance spec): the shell is on screen and accepts input.
    performance.mark('crispflow-interactive');
  }, []);
  const store = usePipelineStore();
  const { addAtCentre, autoLayout, fitView } = useCanvasActions();
  const firstStart = useStore(workspace.state, (s) => s.firstStart);
  const [galleryOpen, setGalleryOpen] = useState(firstStart);
  // The template being mapped to the user's own data (src/designer/templates/MapColumnsDialog.tsx).
  const [mappingTemplate, setMappingTemplate] = useState<Template | null>(null);
  const { datasets: storedDatasets } = useDatasets();
  const [leftTab, setLeftTab] = useState<'nodes' | 'datasets'>('nodes');
  const [dockOpen, setDockOpen] = useState(true);
  // Maximised, the results take everything but a strip of canvas (CSS: .cf-dock-max).
  const [dockMax, setDockMax] = useState(false);
  const [shortcutsOpen, setShortcutsOpen] = useState(false);
  const openShortcuts = useCallback(() => setShortcutsOpen(true), []);
  useShortcutKey(openShortcuts);
  const [panel, setPanel] = useState<Panel | null>(null);
  const { records } = useServices();
  const recorded = useStore(records?.state ?? NO_RECORDS, (s) => s.recorded);
  const pipelineId = useStore(workspace.state, (s) => s.currentId);
  const fileInput = useRef<HTMLInputElement>(null);
  const templates = useMemo(() => loadTemplates(registry), [registry]);
  useShortcuts(store, registry);

  /** Shows `doc`: replaces the current pipeline when it is still empty, otherwise opens it as a new one. */
  const showDocument = useCallback(
    async (doc: PipelineDocument) => {
      const current = store.getState().doc;
      if (current.nodes.length === 0 && workspace.state.getState().currentId) {
        store.getState().loadDocument(doc);
        // loadDocument is not an edit: save it explicitly under the current id.
        store.getState().renamePipeline(doc.metadata.name);
        store.temporal.getState().clear();
        await workspace.flush();
      } else await workspace.create(doc);
    },
    [store, workspace],
  );

  const openPipelineText = useCallback(
    async (text: string, fileName: string) => {
      const { doc, problems } = parsePipeline(text, registry);
      if (!doc) {
        notify(`“${fileName}” could not be opened: ${problems.slice(0, 3).map((p) => p.message).join(' ')}`, 'error');
        return;
      }
      await showDocument(doc);
      const warnings = problems.length ? ` (${problems.length} note${problems.length === 1 ? '' : 's'}: ${problems[0].message})` : '';
      notify(`Opened “${doc.metadata.name}” as a new pipeline.${warnings}`, 'success');
    },
    [registry, showDocument],
  );

  const onFiles = useCallback(
    (files: File[]) => {
      const pipelines = files.filter((f) => /\.json$/i.test(f.name));
      const tables = files.filter((f) => !/\.json$/i.test(f.name));
      for (const f of pipelines) void f.text().then((t) => openPipelineText(t, f.name));
      if (tables.length) {
        setLeftTab('datasets');
        void importFiles(tables).then((done) => {
          if (done.length) notify(`Imported ${done.map((d) => d.name).join(', ')}. Use it from the Datasets panel.`, 'success');
        });
      }
    },
    [openPipelineText],
  );

  const saveFile = useCallback(() => {
    const doc = store.getState().doc;
    const blob = new Blob([serializePipeline(doc)], { type: 'application/json' });
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = `${slug(doc.metadata.name)}.pipeline.json`;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }, [store]);

  const chooseTemplate = useCallback(
    async (t: Template) => {
      setGalleryOpen(false);
      workspace.state.setState({ firstStart: false });
      // On first start the empty pipeline is simply replaced, so the list does not fill with "Untitled".
      await showDocument(structuredClone(t.doc));
    },
    [workspace, showDocument],
  );

  const useDataset = useCallback(
    (name: string) => {
      const id = addAtCentre('dataset-source');
      store.getState().updateParams(id, { source: 'upload', name });
      setLeftTab('nodes');
    },
    [addAtCentre, store],
  );

  return (
    <div className="cf-app">
      <a href="#cf-canvas-region" className="cf-skip">
        Skip to canvas
      </a>
      <Header
        workspace={workspace}
        onOpenFile={() => fileInput.current?.click()}
        onSaveFile={saveFile}
        onTemplates={() => setGalleryOpen(true)}
        onAutoLayout={() => void autoLayout()}
        onFitView={fitView}
        onModels={() => setPanel({ kind: 'models' })}
        onAuditLog={() => setPanel({ kind: 'audit' })}
      />
      <div className="cf-main">
        <aside className="cf-left" aria-label="Nodes and datasets">
          <LessonPanel />
          <div className="cf-left-tabs" role="tablist" aria-label="Side panel">
            <button type="button" role="tab" aria-selected={leftTab === 'nodes'} className="cf-left-tab" onClick={() => setLeftTab('nodes')}>
              Nodes
            </button>
            <button type="button" role="tab" aria-selected={leftTab === 'datasets'} className="cf-left-tab" onClick={() => setLeftTab('datasets')}>
              Datasets
            </button>
          </div>
          <div className="cf-left-body" role="tabpanel">
            {leftTab === 'nodes' ? (
              <Palette onAdd={addAtCentre} />
            ) : (
              <Suspense fallback={<p className="cf-empty cf-pad">Loading datasets…</p>}>
                <DatasetsPanel onUse={useDataset} />
              </Suspense>
            )}
          </div>
        </aside>
        <main
          className={`cf-center${dockOpen ? (dockMax ? ' cf-dock-max' : '') : ' cf-dock-closed'}`}
          id="cf-canvas-region"
          aria-label="Pipeline canvas"
          tabIndex={-1}
        >
          <h1 className="cf-visually-hidden">Crispflow pipeline designer</h1>
          <input
            ref={fileInput}
            type="file"
            accept=".json,application/json"
            className="cf-visually-hidden"
            tabIndex={-1}
            aria-label="Open pipeline file"
            data-testid="open-file-input"
            onChange={(e) => {
              const f = e.target.files?.[0];
              if (f) void f.text().then((t) => openPipelineText(t, f.name));
              e.target.value = '';
            }}
          />
          <PipelineCanvas onDropFiles={onFiles} />
          {dockOpen && <DockSplitter controls={RESULTS_REGION_ID} />}
          <StatusBar
            dockOpen={dockOpen}
            onToggleDock={() => setDockOpen((o) => !o)}
            dockMax={dockMax}
            onShortcuts={openShortcuts}
            onToggleMax={() => {
              setDockOpen(true);
              setDockMax((m) => !m);
            }}
          />
          {dockOpen && <Results workspace={workspace} onOpenManager={(nodeId) => setPanel({ kind: 'manager', nodeId })} />}
        </main>
        <Inspector />
      </div>
      <Toasts />
      {shortcutsOpen && (
        <Suspense fallback={null}>
          <ShortcutSheet onClose={() => setShortcutsOpen(false)} />
        </Suspense>
      )}
      <LessonPicker templates={templates} onStartDocument={showDocument} />
      {panel?.kind === 'models' && (
        <PanelDialog title="Models" wide onClose={() => setPanel(null)} testId="models-panel">
          <Suspense fallback={<p className="cf-empty cf-pad">Loading model versions…</p>}>
            <ModelVersions pipelineId={pipelineId} refreshKey={recorded} />
          </Suspense>
        </PanelDialog>
      )}
      {panel?.kind === 'audit' && (
        <PanelDialog title="Audit log" wide onClose={() => setPanel(null)} testId="audit-panel">
          <Suspense fallback={<p className="cf-empty cf-pad">Loading the audit log…</p>}>
            <AuditLog refreshKey={recorded} />
          </Suspense>
        </PanelDialog>
      )}
      {panel?.kind === 'manager' && <ManagerPanel nodeId={panel.nodeId} onClose={() => setPanel(null)} />}
      {galleryOpen && (
        <TemplateGallery
          templates={templates}
          onChoose={(t) => void chooseTemplate(t)}
          onMap={(t) => {
            setGalleryOpen(false);
            setMappingTemplate(t);
          }}
          onEmpty={() => {
            setGalleryOpen(false);
            workspace.state.setState({ firstStart: false });
            if (store.getState().doc.nodes.length > 0) void workspace.create(emptyDocument());
          }}
          onClose={() => {
            setGalleryOpen(false);
            workspace.state.setState({ firstStart: false });
          }}
        />
      )}
      {mappingTemplate && (
        <MapColumnsDialog
          template={mappingTemplate}
          datasets={storedDatasets ?? []}
          onApply={(doc) => {
            const t = mappingTemplate;
            setMappingTemplate(null);
            void chooseTemplate({ ...t, doc });
          }}
          onClose={() => setMappingTemplate(null)}
        />
      )}
    </div>
  );
}

function StatusBar(props: { dockOpen: boolean; onToggleDock(): void; dockMax: boolean; onToggleMax(): void; onShortcuts(): void }) {
  const { dockOpen, onToggleDock, dockMax, onToggleMax, onShortcuts } = props;
  const run = usePipeline((s) => s.run);
  const nodes = usePipeline((s) => s.doc.nodes.length);
  let text: string;
  if (run.active) {
    const states = Object.values(run.nodes);
    const done = states.filter((s) => s.status === 'ok' || s.status === 'cached').length;
    text = `Running… ${done} of ${states.length} nodes done`;
  } else if (run.lastStatus) {
    const labels: Record<RunOutcome, string> = {
      ok: 'Last run finished',
      error: 'Last run had errors',
      stopped: 'Last run was stopped',
      waiting: 'Waiting for human review',
    };
    const label = labels[run.lastStatus];
    const restored = Object.values(run.nodes).some((s) => s.restored);
    text = `${label}${restored ? ' (restored from your last session)' : ''}`;
  } else text = nodes === 0 ? 'Empty pipeline' : 'Not run yet';
  return (
    <div className="cf-statusbar" data-testid="status-bar" data-dock-chrome="">
      <span role="status" data-testid="run-status">
        {text}
      </span>
      <ProblemsList hasNodes={nodes > 0} />
      <MemoryBudgetReadout />
      <span className="cf-muted">Saved on this computer</span>
      <button type="button" className="cf-link-btn" onClick={onShortcuts} aria-keyshortcuts="?" data-testid="shortcuts-button">
        Keyboard shortcuts
      </button>
      {dockOpen && (
        <button type="button" className="cf-link-btn" aria-pressed={dockMax} onClick={onToggleMax} data-testid="maximise-results">
          {dockMax ? 'Restore results size' : 'Maximise results'}
        </button>
      )}
      <button type="button" className="cf-link-btn" aria-expanded={dockOpen} onClick={onToggleDock}>
        {dockOpen ? 'Hide results' : 'Show results'}
      </button>
    </div>
  );
}

/** The read-only manager page for an Explain node: its explanation with the model and rows it explained. */
function ManagerPanel({ nodeId, onClose }: { nodeId: string; onClose(): void }) {
  const doc = usePipeline((s) => s.doc);
  const outputs = usePipeline((s) => s.run.outputs);
  const inputs = useMemo(() => managerInputs(doc, outputs, nodeId), [doc, outputs, nodeId]);
  const label = doc.nodes.find((n) => n.id === nodeId)?.label ?? nodeId;
  return (
    <PanelDialog title={`Manager view: ${label}`} wide onClose={onClose} testId="manager-panel">
      {inputs ? (
        <Suspense fallback={<p className="cf-empty cf-pad">Loading the manager view…</p>}>
          <ManagerView explanation={inputs.explanation} model={inputs.model} table={inputs.table} />
        </Suspense>
      ) : (
        <p className="cf-muted">Run the pipeline to see people by risk here.</p>
      )}
    </PanelDialog>
  );
}

function Results({ workspace, onOpenManager }: { workspace: Workspace; onOpenManager(nodeId: string): void }) {
  const registry = useRegistry();
  const { runs } = useServices();
  // The dock follows the selection in a deferred render: a click on the canvas (or adding a node)
  // paints first, the results of the newly selected node follow right after.
  const selected = useDeferredValue(usePipeline((s) => (s.selection.nodes.length === 1 ? s.selection.nodes[0] : null)));
  const hasNodes = usePipeline((s) => s.doc.nodes.length > 0);
  useEffect(() => {
    if (hasNodes) resultsDockModule.preloadWhenIdle();
  }, [hasNodes]);
  const outputs = usePipeline((s) => (selected ? s.run.outputs[selected] : undefined));
  const type = usePipeline((s) => (selected ? s.doc.nodes.find((n) => n.id === selected)?.type : undefined));
  const status = usePipeline((s) => (selected ? s.run.nodes[selected]?.status : undefined));
  const log = usePipeline((s) => (selected ? s.run.nodes[selected]?.log : undefined));
  const request = usePipeline((s) => (selected ? s.run.waiting?.[selected] : undefined));
  // What a waiting review node read (its predictions input): review mode shows each person's row.
  const reviewedCases = usePipeline((s) => {
    const inputs = type ? registry.get(type)?.inputs : undefined;
    const edge = selected && inputs ? s.doc.edges.find((e) => e.to.node === selected && inputs[e.to.port]?.type === 'predictions') : undefined;
    return edge ? s.run.outputs[edge.from.node]?.[edge.from.port]?.value : undefined;
  });
  const pipelineName = usePipeline((s) => s.doc.metadata.name);
  const pipelineId = useStore(workspace.state, (s) => s.currentId);
  const nodeLabel = usePipeline((s) => {
    const n = selected ? s.doc.nodes.find((x) => x.id === selected) : undefined;
    return n ? (n.label ?? registry.get(n.type)?.title) : undefined;
  });
  // A human-review node that waits for decisions shows its review queue instead of results.
  if (selected && status === 'waiting' && type && registry.get(type)?.capabilities?.suspends && pipelineId) {
    return (
      <div className="cf-results" id={RESULTS_REGION_ID}>
        <Suspense fallback={<p className="cf-empty cf-pad">Loading the review queue…</p>}>
          <ReviewQueue
            key={`${pipelineId}:${selected}`}
            pipelineId={pipelineId}
            pipelineName={pipelineName}
            request={request as never}
            cases={reviewedCases}
            onComplete={(decisions) => runs.resume(selected, decisions)}
          />
        </Suspense>
      </div>
    );
  }
  // The viewers (and their charting code) load only once there is something to show.
  if (!selected) {
    return (
      <div className="cf-results" id={RESULTS_REGION_ID}>
        <section className="cf-results-dock cf-empty cf-results-dock-empty" aria-label="Results" data-testid="results-dock">
          <p>Select a node on the canvas to see its results here.</p>
        </section>
      </div>
    );
  }
  const explained = outputs !== undefined && Object.values(outputs).some((p) => p.type === 'explanation' && fullShapExplanation(p.value));
  return (
    <div className="cf-results" id={RESULTS_REGION_ID}>
      {explained && (
        <div className="cf-results-actions">
          <span className="cf-muted">A read-only page for managers: people by risk, with their main reasons in plain words.</span>
          <button type="button" className="cf-btn cf-btn-primary" onClick={() => onOpenManager(selected)} data-testid="open-manager-view">
            Open manager view
          </button>
        </div>
      )}
      <Suspense fallback={<p className="cf-empty cf-pad">Loading result viewers…</p>}>
        <ResultsDock
          nodeId={selected}
          outputs={outputs}
          log={log}
          onOpenInTab={(port, output) => void openResultInTab({ pipelineName, nodeId: selected, nodeLabel: nodeLabel ?? selected, port, ...output })}
        />
      </Suspense>
    </div>
  );
}
