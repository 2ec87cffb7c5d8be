/**
 * Node packages in Node (the CLI and its workers): finds each package (find-node-package.ts), imports
 * its entry and composes the registry (src/core/node-packages.ts refuses what is broken). The accepted
 * packages' entry modules are what the workers load too (`extraNodeModules` of createNodePool).
 */
import { builtinNodes } from '../../../nodes/index.ts';
import { composeRegistry, definitionsFromModule, NodePackageError, type ComposedRegistry, type NodePackageSource } from '../../core/node-packages.ts';
import { installScorers } from '../../ml/models/scorers.ts';
import { findNodePackage, type FoundNodePackage } from './find-node-package.ts';

export interface OpenedNodePackages extends ComposedRegistry {
  /** Entry modules of the accepted packages, for the workers (createNodePool's extraNodeModules). */
  workerModules: string[];
}

/**
 * The built-in registry plus the packages named by `specs` (paths or npm names), in order; the
 * registry's model scorers are installed in this thread. Never throws for a package: those that cannot
 * be used are in `refused`, each with the reason.
 */
export async function openNodePackages(specs: string[], o: { cwd?: string; help?: Record<string, string> } = {}): Promise<OpenedNodePackages> {
  const entries = new Map<string, string>();
  const sources: NodePackageSource[] = specs.map((spec) => {
    let found: FoundNodePackage;
    try {
      found = findNodePackage(spec, o.cwd);
    } catch (e) {
      const failure = e;
      return { name: (e instanceof NodePackageError && e.packageName) || spec, load: () => Promise.reject(failure) };
    }
    if (entries.has(found.manifest.name)) {
      return { name: spec, load: () => Promise.reject(new NodePackageError(`package "${found.manifest.name}" is already given; name it once.`)) };
    }
    entries.set(found.manifest.name, found.entry);
    return {
      name: found.manifest.name,
      ...(found.manifest.version ? { version: found.manifest.version } : {}),
      load: async () => definitionsFromModule(await import(found.entry)),
    };
  });
  const composed = await composeRegistry(builtinNodes, sources, o.help);
  installScorers(composed.registry.scorers());
  return { ...composed, workerModules: composed.loaded.map((p) => entries.get(p.name)!).filter(Boolean) };
}
