import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { NodeRegistry } from '../../core/registry.ts';
import type { PipelineState, PipelineStore } from './pipeline-store.ts';

const StoreContext = createContext<PipelineStore | null>(null);
const RegistryContext = createContext<NodeRegistry | null>(null);

/** Hands the store and registry down the tree (one canvas = one store; tests make their own). */
export function PipelineProvider(props: { store: PipelineStore; registry: NodeRegistry; children: ReactNode }) {
  return (
    <RegistryContext.Provider value={props.registry}>
      <StoreContext.Provider value={props.store}>{props.children}</StoreContext.Provider>
    </RegistryContext.Provider>
  );
}

export function usePipelineStore(): PipelineStore {
  const s = useContext(StoreContext);
  if (!s) throw new Error('usePipelineStore must be used inside <PipelineProvider>.');
  return s;
}

/** Reads a slice of the pipeline state; re-renders only when the slice changes. */
export function usePipeline<T>(selector: (s: PipelineState) => T): T {
  return useStore(usePipelineStore(), selector);
}

export function useRegistry(): NodeRegistry {
  const r = useContext(RegistryContext);
  if (!r) throw new Error('useRegistry must be used inside <PipelineProvider>.');
  return r;
}

/** Whether undo / redo are possible (for the header buttons). */
export function useUndoRedoState(): { canUndo: boolean; canRedo: boolean } {
  const store = usePipelineStore();
  const canUndo = useStore(store.temporal, (t) => t.pastStates.length > 0);
  const canRedo = useStore(store.temporal, (t) => t.futureStates.length > 0);
  return { canUndo, canRedo };
}
