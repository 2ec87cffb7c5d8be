import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { Problem } from '../../core/errors.ts';
import { problemsOf, type CompileState, type CompileStore } from '../store/compile-service.ts';
import type { RunController } from '../run/run-controller.ts';
import type { RunRecords } from '../run/run-records.ts';

/** App-wide services that are not the pipeline state itself: the live compile and the run controller. */
export interface Services {
  compile: CompileStore;
  runs: RunController;
  /** Audit log and model versions of runs (absent in tests that do not need them). */
  records?: RunRecords;
  refreshDatasets(): void;
}

const ServicesContext = createContext<Services | null>(null);

export function ServicesProvider({ services, children }: { services: Services; children: ReactNode }) {
  return <ServicesContext.Provider value={services}>{children}</ServicesContext.Provider>;
}

export function useServices(): Services {
  const s = useContext(ServicesContext);
  if (!s) throw new Error('useServices must be used inside <ServicesProvider>.');
  return s;
}

export function useCompile<T>(selector: (s: CompileState) => T): T {
  return useStore(useServices().compile, selector);
}

export function useNodeProblems(nodeId: string): Problem[] {
  return useCompile((s) => problemsOf(s, nodeId));
}
