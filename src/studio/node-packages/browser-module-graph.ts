/**
 * Can a node package's entry module run in a browser as it is? A browser resolves only relative and URL
 * imports: a bare name (`lodash`, `node:fs`) needs a bundler. This walks the package's import graph from
 * its entry (import-specifiers.ts) and either returns every module file it reaches, read into memory, or
 * refuses the package with the file, line and import that stops it. The files returned are exactly what
 * the studio serves under /node-packages/<name>/ (node-package-files.ts), so what runs in the browser is
 * what was checked here.
 */
import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { NodePackageError } from '../../core/node-packages.ts';
import { ModuleScanError, scanImports } from './import-specifiers.ts';

/** JavaScript module files only: anything else would be served as the wrong type or is not code. */
export const MODULE_EXTENSIONS = ['.js', '.mjs'];

/** A package larger than this is not a node package but an application: bundle and trim it. */
export const MAX_PACKAGE_BYTES = 20 * 1024 * 1024;
export const MAX_PACKAGE_FILES = 500;

export interface PackageModuleFile {
  /** Path inside the package folder, with "/" separators (also its URL path below /node-packages/<name>/). */
  path: string;
  bytes: Buffer;
}

const BUNDLE_HINT =
  'bundle the package into plain ES modules that import each other by relative path (for example `esbuild index.js --bundle --format=esm --outfile=dist/index.js`) and name the bundle in the manifest\'s "nodes"';

const inside = (root: string, p: string) => p.startsWith(root + path.sep);

/** Every module the entry reaches, or a NodePackageError saying which import a browser cannot follow. */
export async function browserModuleGraph(packageDir: string, entryFile: string): Promise<PackageModuleFile[]> {
  const root = await realpath(packageDir);
  const files = new Map<string, PackageModuleFile>();
  let total = 0;
  const queue: Array<{ file: string; from?: string }> = [{ file: entryFile }];
  while (queue.length > 0) {
    const { file, from } = queue.shift()!;
    let real: string;
    try {
      real = await realpath(file);
    } catch {
      throw new NodePackageError(`${from ?? 'its manifest'} imports ${path.relative(root, file) || file}, which does not exist (a browser does not add file extensions: write the file's full name).`);
    }
    const rel = path.relative(root, real).split(path.sep).join('/');
    if (!inside(root, real)) throw new NodePackageError(`${from ?? 'its manifest'} reaches ${real}, outside the package folder; the studio serves only the package's own files.`);
    if (files.has(rel)) continue;
    if (!MODULE_EXTENSIONS.includes(path.extname(real).toLowerCase())) {
      throw new NodePackageError(`${from ?? 'its manifest'} imports ${rel}, which is not a JavaScript module (${MODULE_EXTENSIONS.join(' or ')}); the browser loads only those.`);
    }
    if (!(await stat(real)).isFile()) throw new NodePackageError(`${from ?? 'its manifest'} imports ${rel}, which is not a file.`);
    const bytes = await readFile(real);
    total += bytes.byteLength;
    if (total > MAX_PACKAGE_BYTES || files.size >= MAX_PACKAGE_FILES) {
      throw new NodePackageError(`its modules are larger than ${MAX_PACKAGE_BYTES / 1024 / 1024} MB or more than ${MAX_PACKAGE_FILES} files; ${BUNDLE_HINT}.`);
    }
    files.set(rel, { path: rel, bytes });
    let scanned;
    try {
      scanned = scanImports(bytes.toString('utf8'));
    } catch (e) {
      if (e instanceof ModuleScanError) throw new NodePackageError(`${rel} could not be read as JavaScript: ${e.message}.`);
      throw e;
    }
    if (scanned.computedImports.length > 0) {
      throw new NodePackageError(
        `${rel}:${scanned.computedImports[0]} imports a module whose name is computed when it runs (import(…) without a plain string); the studio can serve only modules it can name in advance: import files by their relative path in quotes.`,
      );
    }
    for (const imp of scanned.imports) {
      const where = `${rel}:${imp.line}`;
      const s = imp.specifier;
      if (s.startsWith('./') || s.startsWith('../')) {
        const target = path.resolve(path.dirname(real), ...s.split('/'));
        if (!inside(root, target)) throw new NodePackageError(`${where} imports "${s}", outside the package folder; the studio serves only the package's own files: ${BUNDLE_HINT}.`);
        queue.push({ file: target, from: where });
      } else if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(s) && !s.startsWith('node:')) {
        throw new NodePackageError(`${where} imports "${s}", a URL; the designer's Content Security Policy loads code only from the studio itself: ${BUNDLE_HINT}.`);
      } else if (s.startsWith('/')) {
        throw new NodePackageError(`${where} imports "${s}", an absolute path; import the package's own files by relative path ("./…").`);
      } else {
        const what = s.startsWith('node:') ? 'a Node.js built-in module, which browsers do not have' : 'a bare module name, which a browser cannot resolve';
        throw new NodePackageError(`${where} imports "${s}", ${what}; ${BUNDLE_HINT}.`);
      }
    }
  }
  return [...files.values()];
}
