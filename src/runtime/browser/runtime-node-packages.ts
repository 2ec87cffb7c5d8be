/**
 * Node packages chosen at run time (a studio's workspace settings, GET /api/node-packages), imported in
 * the browser from same-origin URLs: in the designer's main thread first, then in every pool worker, which
 * gets the list of the packages the main thread accepted in its first message (NODE_PACKAGES_MESSAGE)
 * before it builds its registry. Both threads then compose the same registry. Build-time packages
 * (build-time-node-packages.ts) are unaffected.
 */
import { definitionsFromModule, NodePackageError, type ResolvedNodePackage } from '../../core/node-packages.ts';

/** A package the browser can import: its name, version and the URL of its entry module. */
export interface RuntimeNodePackage {
  name: string;
  version?: string;
  url: string;
}

/** The first message a pool worker receives: the run-time packages to import before anything runs. */
export const NODE_PACKAGES_MESSAGE = 'crispflow:node-packages';

export interface NodePackagesMessage {
  type: typeof NODE_PACKAGES_MESSAGE;
  packages: RuntimeNodePackage[];
}

export const isNodePackagesMessage = (data: unknown): data is NodePackagesMessage =>
  typeof data === 'object' && data !== null && (data as NodePackagesMessage).type === NODE_PACKAGES_MESSAGE && Array.isArray((data as NodePackagesMessage).packages);

/** Imports each package's entry (in order) and reads its definitions; a failure becomes that package's error. */
export async function importRuntimeNodePackages(packages: readonly RuntimeNodePackage[]): Promise<ResolvedNodePackage[]> {
  return Promise.all(
    packages.map(async (p): Promise<ResolvedNodePackage> => {
      const id = { name: p.name, ...(p.version ? { version: p.version } : {}) };
      let mod: unknown;
      try {
        // A same-origin URL the studio serves (the Content Security Policy allows nothing else).
        mod = await import(/* @vite-ignore */ p.url);
      } catch (e) {
        return { ...id, error: new NodePackageError(`its module could not be loaded in the browser (${e instanceof Error ? e.message : String(e)}); check the studio's output and reload.`) };
      }
      try {
        return { ...id, definitions: definitionsFromModule(mod) };
      } catch (e) {
        return { ...id, error: e };
      }
    }),
  );
}

let shared: RuntimeNodePackage[] = [];

/** The run-time packages the main thread accepted: what each new pool worker is told to import. */
export function setWorkerNodePackages(packages: readonly RuntimeNodePackage[]): void {
  shared = [...packages];
}

export function workerNodePackages(): RuntimeNodePackage[] {
  return shared;
}
