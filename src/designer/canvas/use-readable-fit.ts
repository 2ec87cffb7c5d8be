import { useCallback } from 'react';
import { useReactFlow, useStoreApi } from '@xyflow/react';
import { readableViewport } from './fit-view.ts';

/** Fits the pipeline into the canvas, never below the readable zoom (see fit-view.ts). */
export function useReadableFit(): (duration?: number) => Promise<boolean> {
  const flow = useReactFlow();
  const api = useStoreApi();
  return useCallback(
    async (duration = 0) => {
      const nodes = flow.getNodes();
      const { width, height } = api.getState();
      if (nodes.length === 0 || !width || !height) return false;
      const viewport = readableViewport(flow.getNodesBounds(nodes), { width, height });
      return flow.setViewport(viewport, duration ? { duration } : undefined);
    },
    [flow, api],
  );
}
