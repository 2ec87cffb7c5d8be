/**
 * Node packages in Node (the CLI and its workers): finds a package from a folder path or an installed npm
 * package name, reads its manifest (package.json "crispflow" field, or crispflow-nodes.json), imports
 * its entry and composes the registry (src/core/node-packages.ts refuses what is broken). The accepted
 * packages' entry modules are what the workers load too (`extraNodeModules` of createNodePool).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { builtinNodes } from '../../../nodes/index.ts';
import {
  composeRegistry,
  definitionsFromModule,
  NodePackageError,
  readNodePackageManifest,
  type ComposedRegistry,
  type NodePackageManifest,
  type NodePackageSource,
} from '../../core/node-packages.ts';
import { installScorers } from '../../ml/models/scorers.ts';

export const MANIFEST_FILE = 'crispflow-nodes.json';

export interface FoundNodePackage {
  dir: string;
  manifest: NodePackageManifest;
  /** file: URL of the entry module. */
  entry: string;
}

/** "./x", "/abs/x", "examples/x" are folders; "name" and "@scope/name" may be npm packages. */
const looksLikePath = (spec: string) => spec.startsWith('.') || path.isAbsolute(spec) || ((spec.includes('/') || spec.includes(path.sep)) && !spec.startsWith('@'));

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new NodePackageError(`${path.basename(file)} is not valid JSON (${(e as Error).message}).`);
  }
}

/** The package folder for a path (relative to `cwd`) or an npm package name installed where `cwd` can see it. */
function packageDir(spec: string, cwd: string): string {
  const local = path.resolve(cwd, spec);
  if (looksLikePath(spec) || (existsSync(local) && statSync(local).isDirectory())) {
    if (!existsSync(local) || !statSync(local).isDirectory()) throw new NodePackageError(`the folder ${local} does not exist.`);
    return local;
  }
  try {
    return path.dirname(createRequire(path.join(cwd, 'package.json')).resolve(`${spec}/package.json`));
  } catch {
    throw new NodePackageError(`it is neither a folder nor an npm package installed here (try "npm install ${spec}", or give the folder's path).`);
  }
}

/** Finds a package and checks its manifest (and the node-API version it asks for). */
export function findNodePackage(spec: string, cwd = process.cwd()): FoundNodePackage {
  const dir = packageDir(spec, cwd);
  const pkgFile = path.join(dir, 'package.json');
  const pkg = existsSync(pkgFile) ? (readJson(pkgFile) as { name?: unknown; version?: unknown; crispflow?: unknown }) : undefined;
  const fallbackName = typeof pkg?.name === 'string' ? pkg.name : path.basename(dir);
  const fallbackVersion = typeof pkg?.version === 'string' ? pkg.version : undefined;
  // Failures from here on name the package by its package.json name (the folder's when there is none).
  const named = (message: string) => new NodePackageError(message, fallbackName);
  let manifest: NodePackageManifest;
  try {
    if (pkg?.crispflow !== undefined) manifest = readNodePackageManifest(pkg.crispflow, fallbackName, fallbackVersion);
    else if (existsSync(path.join(dir, MANIFEST_FILE))) manifest = readNodePackageManifest(readJson(path.join(dir, MANIFEST_FILE)), fallbackName, fallbackVersion);
    else throw named(`it has no manifest: add "crispflow": { "nodeApi": "1", "nodes": "./index.js" } to its package.json, or a ${MANIFEST_FILE}.`);
  } catch (e) {
    throw e instanceof NodePackageError ? named(e.message) : e;
  }
  const entryFile = path.resolve(dir, manifest.nodes);
  if (path.relative(dir, entryFile).startsWith('..')) throw named(`its entry "${manifest.nodes}" lies outside the package folder.`);
  if (!existsSync(entryFile)) throw named(`its entry module ${manifest.nodes} does not exist in ${dir}.`);
  return { dir, manifest, entry: pathToFileURL(entryFile).href };
}

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
