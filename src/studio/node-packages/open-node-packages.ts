/**
 * The studio's node packages at start-up: those the workspace settings list (crispflow-workspace.json,
 * "nodePackages", relative to the workspace) followed by those given with `crispflow studio --nodes`
 * (relative to the folder the studio was started in). The checking code loads only when there are any.
 */
import path from 'node:path';
import { NO_NODE_PACKAGES, type StudioNodePackages } from './served-packages.ts';
import { readWorkspaceNodePackages, type NodePackageSpec } from './workspace-settings.ts';

export async function openWorkspaceNodePackages(workspaceRoot: string, commandLine: string[] = [], cwd = process.cwd()): Promise<StudioNodePackages> {
  const specs: NodePackageSpec[] = [
    ...(await readWorkspaceNodePackages(workspaceRoot)),
    ...commandLine.map((spec) => ({ spec, from: '--nodes' as const, cwd: path.resolve(cwd) })),
  ];
  if (specs.length === 0) return NO_NODE_PACKAGES;
  const { openStudioNodePackages } = await import('./studio-node-packages.ts');
  return openStudioNodePackages(specs);
}
