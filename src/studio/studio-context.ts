/** What every studio route is given: the workspace, the limits and the audit key. */
import type { AuditMacKey } from '../governance/audit/mac.ts';
import type { StudioNodePackages } from './node-packages/served-packages.ts';
import type { Workspace } from './workspace/workspace.ts';

export interface StudioLimits {
  /** Largest JSON body (model registrations, run records, settings). */
  maxJsonBytes: number;
  /** Largest dataset upload (CSV/XLSX bytes, streamed to disk). */
  maxDatasetBytes: number;
}

export const DEFAULT_LIMITS: StudioLimits = {
  maxJsonBytes: 32 * 1024 * 1024,
  maxDatasetBytes: 1024 * 1024 * 1024,
};

export interface StudioContext {
  workspace: Workspace;
  limits: StudioLimits;
  /** The CLI's audit key (src/cli/audit-key.ts), created on first use; the same one `crispflow run` uses. */
  auditKey(): Promise<AuditMacKey>;
  /** Crispflow's version (package.json). */
  version: string;
  /** The node packages the designer loads, checked at start-up (none when absent). */
  nodePackages?: StudioNodePackages;
}
