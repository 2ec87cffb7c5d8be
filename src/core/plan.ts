import type { Problem } from './errors.ts';
import type { NodeCapabilities } from './node-definition.ts';
import type { PortRef } from './document.ts';
import type { PortType } from './ports.ts';

/** One node ready to execute: resolved type, params with defaults, where its inputs come from. */
export interface PlanStep {
  nodeId: string;
  /** Current type name (aliases resolved). */
  type: string;
  version: number;
  label?: string;
  params: Record<string, unknown>;
  /** Input port name → the upstream output it reads. Unconnected optional inputs are absent. */
  inputs: Record<string, PortRef>;
  /** Output port name → port type. */
  outputs: Record<string, PortType>;
  /** Hash of type, version, params, input keys and dataset fingerprints: equal key ⇒ equal outputs. */
  cacheKey: string;
  capabilities: NodeCapabilities;
}

/** Steps in topological order. */
export interface Plan {
  pipelineName: string;
  seed: number;
  steps: PlanStep[];
}

export interface CompileResult {
  ok: boolean;
  /** Every problem found (not just the first), each naming its node and field. */
  problems: Problem[];
  plan?: Plan;
  /** Output schemas per node and port, as far as they could be derived (for column pickers). */
  schemas: Record<string, Record<string, unknown>>;
}
