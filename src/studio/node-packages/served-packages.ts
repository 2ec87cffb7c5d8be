/**
 * What the studio serves of its node packages (opened by studio-node-packages.ts): the accepted packages
 * with their module files, the refused ones with their reasons, and the URLs the files have. Kept apart
 * from the opening code so the server and the API routes load nothing heavy at start-up.
 */
import type { PackageModuleFile } from './browser-module-graph.ts';
import type { NodePackageSpec } from './workspace-settings.ts';

export const NODE_PACKAGES_URL_PREFIX = '/node-packages/';

export interface AcceptedStudioPackage {
  name: string;
  version?: string;
  types: string[];
  /** As written in the settings or on the command line. */
  source: string;
  from: NodePackageSpec['from'];
  /** The package folder (for the studio's own `crispflow run --nodes`; never sent to the browser). */
  dir: string;
  /** URL path of the entry module (what the designer imports). */
  entry: string;
  /** The module files, by their path inside the package ("/" separators). */
  files: ReadonlyMap<string, PackageModuleFile>;
}

export interface RefusedStudioPackage {
  package: string;
  reason: string;
  source: string;
  from: NodePackageSpec['from'];
}

export interface StudioNodePackages {
  accepted: AcceptedStudioPackage[];
  refused: RefusedStudioPackage[];
}

export const NO_NODE_PACKAGES: StudioNodePackages = { accepted: [], refused: [] };

/** `/node-packages/<name>/<path>`, each part percent-encoded (a scoped name's "/" too). */
export function nodePackageFileUrl(name: string, file: string): string {
  return `${NODE_PACKAGES_URL_PREFIX}${encodeURIComponent(name)}/${file.split('/').map(encodeURIComponent).join('/')}`;
}
