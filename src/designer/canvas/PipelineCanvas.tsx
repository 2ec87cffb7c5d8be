import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import {
  Background,
  Controls,
  MiniMap,
  Panel,
  ReactFlow,
  useConnection,
  useNodesInitialized,
  useReactFlow,
  useStore as useFlowStore,
  type Connection,
  type Edge,
  type EdgeChange,
  type FinalConnectionState,
  type NodeChange,
  type OnDelete,
} from '@xyflow/react';
import { checkConnection } from '../../core/connection.ts';
import type { PipelineEdge } from '../../core/document.ts';
import { NODE_DRAG_TYPE } from '../palette/Palette.tsx';
import { usePipeline, usePipelineStore, useRegistry } from '../store/context.tsx';
import type { XY } from '../store/doc-edits.ts';
import { notify } from '../ui/notices.ts';
import { PHASE_COLOR } from '../theme.ts';
import { createFlowCache, toFlowEdges, toFlowNodes, type Measured } from './flow-mapping.ts';
import { NodeCard } from './NodeCard.tsx';
import { GroupCard, GroupFrame } from './GroupNodes.tsx';
import { expandGroupMoves, withGroups, type CanvasNode } from './group-flow.ts';
import { groupNodes, readGroups } from './groups.ts';
import { useCanvasActions } from './use-canvas-actions.ts';
import { PhaseLanes } from './lanes/PhaseLanes.tsx';
import { COMPACT_ZOOM, MINIMAP_SIZE } from './fit-view.ts';
import { useReadableFit } from './use-readable-fit.ts';
import { useCanvasKeys } from './use-canvas-keys.ts';

// Keyboard dialogs load when first opened (not part of the first download).
const QuickAdd = lazy(() => import('./QuickAdd.tsx').then((m) => ({ default: m.QuickAdd })));
const ConnectDialog = lazy(() => import('./ConnectDialog.tsx').then((m) => ({ default: m.ConnectDialog })));

const nodeTypes = { card: NodeCard, groupFrame: GroupFrame, groupCard: GroupCard };

function toEdge(c: Connection | { source: string; target: string; sourceHandle?: string | null; targetHandle?: string | null }): PipelineEdge {
  return { from: { node: c.source, port: c.sourceHandle ?? '' }, to: { node: c.target, port: c.targetHandle ?? '' } };
}

/** The canvas: renders the document with React Flow and turns its gestures into store actions. */
export function PipelineCanvas({ onDropFiles }: { onDropFiles(files: File[]): void }) {
  const store = usePipelineStore();
  const registry = useRegistry();
  const doc = usePipeline((s) => s.doc);
  const selection = usePipeline((s) => s.selection);
  const drag = usePipeline((s) => s.dragPositions);
  const { screenToFlowPosition } = useReactFlow();
  const [measured, setMeasured] = useState<Measured>({});
  const cache = useRef(createFlowCache());
  const [dropActive, setDropActive] = useState(false);
  // Zoomed out, cards show their compact form (node-cards.css): a boolean, so zooming re-renders only when it flips.
  const compact = useFlowStore((s) => s.transform[2] < COMPACT_ZOOM);
  // Quick add (at a flow point, or the middle of the view) and the keyboard connect dialog.
  const [quickAdd, setQuickAdd] = useState<{ at: XY | null } | null>(null);
  const [connectFrom, setConnectFrom] = useState<string | null>(null);
  const openQuickAdd = useCallback(() => setQuickAdd({ at: null }), []);
  const groupSelection = useGroupSelection();
  useCanvasKeys({ onQuickAdd: openQuickAdd, onConnect: setConnectFrom, onGroup: groupSelection });
  const { addAtCentre } = useCanvasActions();
  const addQuick = useCallback(
    (type: string, at: XY | null) => {
      setQuickAdd(null);
      const id = at ? store.getState().addNode(type, { x: at.x - 20, y: at.y - 16 }) : addAtCentre(type);
      store.getState().select({ nodes: [id], edges: [] });
    },
    [store, addAtCentre],
  );

  const selectedNodes = useMemo(() => new Set(selection.nodes), [selection.nodes]);
  const selectedEdges = useMemo(() => new Set(selection.edges), [selection.edges]);
  const cardNodes = useMemo(
    () => toFlowNodes(doc, selectedNodes, drag, measured, cache.current),
    [doc, selectedNodes, drag, measured],
  );
  const docEdges = useMemo(() => toFlowEdges(doc, registry, selectedEdges, cache.current), [doc, registry, selectedEdges]);
  // Node groups (frames, folded cards): nothing changes when the pipeline has none.
  const groups = useMemo(() => readGroups(doc), [doc]);
  const shown = useMemo(() => withGroups(doc, groups, cardNodes, docEdges, measured, drag), [doc, groups, cardNodes, docEdges, measured, drag]);
  const measuredRef = useRef(measured);
  measuredRef.current = measured;

  const onNodesChange = useCallback(
    (changes: NodeChange<CanvasNode>[]) => {
      const st = store.getState();
      let overlay: Record<string, XY> | null = st.dragPositions;
      let commit: Record<string, XY> | null = null;
      let sel: Set<string> | null = null;
      let sizes: Measured | null = null;
      for (const c of changes) {
        if (c.type === 'position') {
          if (c.dragging) {
            if (c.position) overlay = { ...(overlay ?? {}), [c.id]: c.position };
          } else {
            const p = c.position ?? overlay?.[c.id];
            if (p) commit = { ...(commit ?? {}), [c.id]: p };
          }
        } else if (c.type === 'select') {
          sel ??= new Set(st.selection.nodes);
          if (c.selected) sel.add(c.id);
          else sel.delete(c.id);
        } else if (c.type === 'dimensions' && c.dimensions) {
          sizes = { ...(sizes ?? {}), [c.id]: c.dimensions };
        }
      }
      if (commit) {
        // The drag ended: one document edit (one undo step) with every moved node's final position.
        const all = { ...(overlay ?? {}), ...commit };
        st.setDragPositions(null);
        // A folded group's card moves its members with it.
        st.moveNodes(expandGroupMoves(st.doc, readGroups(st.doc), all, measuredRef.current));
      } else if (overlay !== st.dragPositions) st.setDragPositions(overlay);
      if (sel) st.select({ nodes: [...sel] });
      if (sizes) {
        const s = sizes;
        setMeasured((m) => ({ ...m, ...s }));
      }
    },
    [store],
  );

  const onEdgesChange = useCallback(
    (changes: EdgeChange<Edge>[]) => {
      const st = store.getState();
      let sel: Set<string> | null = null;
      for (const c of changes) {
        if (c.type === 'select') {
          sel ??= new Set(st.selection.edges);
          if (c.selected) sel.add(c.id);
          else sel.delete(c.id);
        }
      }
      if (sel) st.select({ edges: [...sel] });
    },
    [store],
  );

  const onDelete: OnDelete<CanvasNode, Edge> = useCallback(
    ({ nodes: ns, edges: es }) => {
      store.getState().removeElements({ nodes: ns.map((n) => n.id), edges: es.map((e) => e.id) });
    },
    [store],
  );

  const isValidConnection = useCallback(
    (c: Connection | Edge) => checkConnection(store.getState().doc, registry, toEdge(c)) === null,
    [store, registry],
  );

  const onConnect = useCallback(
    (c: Connection) => {
      const edge = toEdge(c);
      const problem = checkConnection(store.getState().doc, registry, edge);
      if (problem) notify(`Connection refused: ${problem.message}`, 'error');
      else store.getState().connect(edge);
    },
    [store, registry],
  );

  const onConnectEnd = useCallback(
    (_e: MouseEvent | TouchEvent, state: FinalConnectionState) => {
      if (!state.toHandle || state.isValid || !state.fromHandle) return;
      const from = state.fromHandle.type === 'source' ? state.fromHandle : state.toHandle;
      const to = state.fromHandle.type === 'source' ? state.toHandle : state.fromHandle;
      const problem = checkConnection(store.getState().doc, registry, {
        from: { node: from.nodeId, port: from.id ?? '' },
        to: { node: to.nodeId, port: to.id ?? '' },
      });
      if (problem) notify(`Connection refused: ${problem.message}`, 'error');
    },
    [store, registry],
  );

  const onDragOver = useCallback((e: DragEvent) => {
    const types = e.dataTransfer.types;
    if (types.includes(NODE_DRAG_TYPE) || types.includes('Files')) {
      e.preventDefault();
      e.dataTransfer.dropEffect = 'copy';
      setDropActive(true);
    }
  }, []);

  const onDrop = useCallback(
    (e: DragEvent) => {
      setDropActive(false);
      const type = e.dataTransfer.getData(NODE_DRAG_TYPE);
      if (type && registry.has(type)) {
        e.preventDefault();
        const p = screenToFlowPosition({ x: e.clientX, y: e.clientY });
        // Drop point = the card's top-left corner area, slightly offset so the cursor sits on the title.
        store.getState().addNode(type, { x: p.x - 20, y: p.y - 16 });
        return;
      }
      const files = [...e.dataTransfer.files];
      if (files.length > 0) {
        e.preventDefault();
        onDropFiles(files);
      }
    },
    [registry, screenToFlowPosition, store, onDropFiles],
  );

  const minimapColor = useCallback(
    (n: CanvasNode) => {
      if (n.type !== 'card') return n.type === 'groupCard' ? '#5b6b80' : 'transparent';
      const def = registry.get(n.data.node.type);
      return def ? PHASE_COLOR[def.phase] : '#999';
    },
    [registry],
  );

  return (
    <div
      className={`cf-canvas${dropActive ? ' cf-canvas-drop' : ''}${compact ? ' cf-canvas-compact' : ''}`}
      onDragOver={onDragOver}
      onDragLeave={() => setDropActive(false)}
      onDrop={onDrop}
      onDoubleClick={(e) => {
        // A double-click on the empty canvas (not on a node or control) opens quick add there.
        const t = e.target as Element;
        if (t.closest('.react-flow') && !t.closest('.react-flow__node, .react-flow__edge, .react-flow__panel, .cf-lanes-toolbar'))
          setQuickAdd({ at: screenToFlowPosition({ x: e.clientX, y: e.clientY }) });
      }}
      data-testid="canvas"
    >
      <ReactFlow<CanvasNode, Edge>
        nodes={shown.nodes}
        edges={shown.edges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onDelete={onDelete}
        onConnect={onConnect}
        onConnectEnd={onConnectEnd}
        isValidConnection={isValidConnection}
        zoomOnDoubleClick={false}
        onPaneContextMenu={(e) => {
          e.preventDefault();
          setQuickAdd({ at: screenToFlowPosition({ x: e.clientX, y: e.clientY }) });
        }}
        deleteKeyCode={['Delete', 'Backspace']}
        multiSelectionKeyCode={['Shift', 'Meta', 'Control']}
        selectionKeyCode="Shift"
        minZoom={0.1}
        maxZoom={2}
        onlyRenderVisibleElements
        proOptions={{ hideAttribution: true }}
        ariaLabelConfig={{ 'node.a11yDescription.default': 'Press Enter or Space to select this node, Delete to remove it, arrow keys to move it.' }}
      >
        <Background gap={24} size={1} color="#d9dde3" />
        <PhaseLanes />
        {doc.nodes.length > 0 && <MiniMap pannable zoomable nodeColor={minimapColor} ariaLabel="Minimap of the pipeline" style={MINIMAP_SIZE} />}
        <Controls showInteractive={false} aria-label="Zoom controls" />
        <GroupToolbar />
        <ConnectionHint />
        <FitOnLoad />
      </ReactFlow>
      <Suspense fallback={null}>
        {quickAdd && <QuickAdd onChoose={(type) => addQuick(type, quickAdd.at)} onClose={() => setQuickAdd(null)} />}
        {connectFrom && (
          <ConnectDialog
            nodeId={connectFrom}
            onClose={() => setConnectFrom(null)}
            onDone={(message) => {
              setConnectFrom(null);
              notify(message, message.startsWith('Connection refused') ? 'error' : 'success');
            }}
          />
        )}
      </Suspense>
      {doc.nodes.length === 0 && (
        <div className="cf-canvas-empty">
          <h2>Start your pipeline</h2>
          <p>
            Drag a <strong>Dataset</strong> node from the palette on the left, or choose a template. Then add
            preparation, model and evaluation steps and connect their ports.
          </p>
          <p className="cf-muted">You can also drop a pipeline file (.json) or a CSV/Excel file here.</p>
        </div>
      )}
    </div>
  );
}

/** While dragging a connection over a port that refuses it, says why (type mismatch, cycle, occupied). */
function ConnectionHint() {
  const store = usePipelineStore();
  const registry = useRegistry();
  const conn = useConnection();
  if (!conn.inProgress || !conn.toHandle || conn.isValid !== false) return null;
  const a = conn.fromHandle;
  const b = conn.toHandle;
  const from = a.type === 'source' ? a : b;
  const to = a.type === 'source' ? b : a;
  const problem = checkConnection(store.getState().doc, registry, {
    from: { node: from.nodeId, port: from.id ?? '' },
    to: { node: to.nodeId, port: to.id ?? '' },
  });
  if (!problem) return null;
  return (
    <div className="cf-connection-hint" role="status" data-testid="connection-hint">
      {problem.message}
    </div>
  );
}

/** Fits the view once after a document is loaded (not when the first node is dropped on an empty canvas). */
function FitOnLoad() {
  const loadCount = usePipeline((s) => s.loadCount);
  const empty = usePipeline((s) => s.doc.nodes.length === 0);
  const initialized = useNodesInitialized();
  const fitReadable = useReadableFit();
  const fitted = useRef(-1);
  useEffect(() => {
    if (fitted.current === loadCount) return;
    // An empty document needs no fit; nodes dropped later stay where they were dropped.
    if (empty) fitted.current = loadCount;
    if (!initialized || fitted.current === loadCount) return;
    fitted.current = loadCount;
    void fitReadable();
  }, [initialized, loadCount, fitReadable, empty]);
  return null;
}

/** Groups the selected nodes (two or more), named after their titles; returns false when it cannot. */
function useGroupSelection(): () => boolean {
  const store = usePipelineStore();
  const registry = useRegistry();
  return useCallback(() => {
    const st = store.getState();
    const titles = st.selection.nodes.map((id) => {
      const n = st.doc.nodes.find((x) => x.id === id);
      return n ? (n.label ?? registry.get(n.type)?.title ?? n.id) : id;
    });
    const label = titles.length > 2 ? `${titles[0]} + ${titles.length - 1} more` : titles.join(' + ');
    const r = groupNodes(st.doc, st.selection.nodes, label);
    if (!r) return false;
    store.setState({ doc: r.doc });
    notify(`Grouped ${st.selection.nodes.length} nodes as “${label}”. Fold the group to show it as one card.`);
    return true;
  }, [store, registry]);
}

/** Shown while two or more nodes are selected: puts them in a group (also the G key). */
function GroupToolbar() {
  const count = usePipeline((s) => s.selection.nodes.length);
  const group = useGroupSelection();
  if (count < 2) return null;
  return (
    <Panel position="bottom-center" className="cf-group-toolbar">
      <button type="button" className="cf-btn" onClick={() => group()} aria-keyshortcuts="G" data-testid="group-selection">
        Group {count} nodes
      </button>
    </Panel>
  );
}
