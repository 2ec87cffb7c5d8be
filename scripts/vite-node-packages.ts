/**
 * Node packages in the browser: the designer cannot read folders or install packages at run time (and
 * its Content Security Policy allows no code from elsewhere), so its extension nodes are the ones named
 * when the app is built or served: CRISPFLOW_NODE_PACKAGES="examples/node-package,@acme/crispflow-nodes"
 * (comma-separated folders or npm packages, as for `crispflow --nodes`). This plugin turns that list
 * into the module `virtual:crispflow-node-packages`, which statically imports each package's entry (so
 * the packages are bundled with the app, and the main thread and the workers get the same list). A
 * package whose manifest is unusable stays in the list with its reason, and the designer shows it.
 */
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';
import { findNodePackage } from '../src/runtime/node/find-node-package.ts';

export const NODE_PACKAGES_MODULE = 'virtual:crispflow-node-packages';
const RESOLVED = `\0${NODE_PACKAGES_MODULE}`;

export function nodePackageSpecs(value = process.env.CRISPFLOW_NODE_PACKAGES ?? ''): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** The module's source: one import per usable package and the list `buildTimeNodePackages`. */
export function nodePackagesModule(specs: string[], root: string, warn: (message: string) => void = () => {}): string {
  const imports: string[] = [];
  const entries: string[] = [];
  specs.forEach((spec, i) => {
    try {
      const found = findNodePackage(spec, root);
      imports.push(`import * as package${i} from ${JSON.stringify(fileURLToPath(found.entry))};`);
      const id = { name: found.manifest.name, ...(found.manifest.version ? { version: found.manifest.version } : {}) };
      entries.push(`{ ...${JSON.stringify(id)}, module: package${i} }`);
    } catch (e) {
      const name = (e as { packageName?: string }).packageName || spec;
      const reason = (e as Error).message;
      warn(`Node package "${name}" is left out of the designer: ${reason}`);
      entries.push(JSON.stringify({ name, error: reason }));
    }
  });
  return `${imports.join('\n')}\nexport const buildTimeNodePackages = [${entries.join(',\n')}];\n`;
}

export function crispflowNodePackages(specs = nodePackageSpecs()): Plugin {
  let root = process.cwd();
  return {
    name: 'crispflow-node-packages',
    configResolved(config) {
      root = config.root;
    },
    resolveId(id) {
      return id === NODE_PACKAGES_MODULE ? RESOLVED : undefined;
    },
    load(id) {
      if (id !== RESOLVED) return undefined;
      return nodePackagesModule(specs, root, (m) => this.warn(m));
    },
  };
}
