/**
 * The node packages bundled at build time (CRISPFLOW_NODE_PACKAGES, scripts/vite-node-packages.ts),
 * read the same way in the designer's main thread and in its workers, so both registries agree.
 */
import { buildTimeNodePackages } from 'virtual:crispflow-node-packages';
import { definitionsFromModule, NodePackageError, type ResolvedNodePackage } from '../../core/node-packages.ts';

export function buildTimePackages(): ResolvedNodePackage[] {
  return buildTimeNodePackages.map((p) => {
    const id = { name: p.name, ...(p.version ? { version: p.version } : {}) };
    if (p.error !== undefined) return { ...id, error: new NodePackageError(p.error) };
    try {
      return { ...id, definitions: definitionsFromModule(p.module) };
    } catch (e) {
      return { ...id, error: e };
    }
  });
}
