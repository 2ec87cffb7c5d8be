/**
 * The designer's node registry: every built-in node with its README.md as in-app help, plus the node
 * packages bundled at build time (CRISPFLOW_NODE_PACKAGES; see docs/extending.md), whose nodes the
 * palette marks as extensions. A package that cannot be used is left out and reported
 * (`nodePackageProblems`), never stopping the built-in nodes.
 * Node definitions keep TF.js behind dynamic imports inside run(), so this stays out of the main chunk.
 */
import { builtinNodes } from '../../nodes/index.ts';
import { composeRegistryFrom, describeRefusal, type ResolvedNodePackage } from '../core/node-packages.ts';
import type { NodeRegistry } from '../core/registry.ts';
import { installScorers } from '../ml/models/scorers.ts';
import { buildTimePackages } from '../runtime/browser/build-time-node-packages.ts';

const readmes = import.meta.glob('../../nodes/*/README.md', { query: '?raw', import: 'default', eager: true }) as Record<
  string,
  string
>;

/** README text per node type, from the folder name (nodes/<type>/README.md). */
export function nodeHelp(): Record<string, string> {
  const help: Record<string, string> = {};
  for (const [path, text] of Object.entries(readmes)) {
    const m = /nodes\/([^/]+)\/README\.md$/.exec(path);
    if (m) help[m[1]] = text;
  }
  return help;
}

let problems: string[] = [];

/** Why the node packages that were left out could not be used (one sentence each). */
export function nodePackageProblems(): readonly string[] {
  return problems;
}

/** The built-in nodes plus `packages` (default: those bundled at build time); scorers installed here. */
export function createDesignerRegistry(packages: ResolvedNodePackage[] = buildTimePackages()): NodeRegistry {
  const composed = composeRegistryFrom(builtinNodes, packages, nodeHelp());
  problems = composed.refused.map(describeRefusal);
  for (const p of problems) console.warn(p);
  // Model scorers of every node (built-in or extension): the manager view scores on this thread.
  installScorers(composed.registry.scorers());
  return composed.registry;
}
