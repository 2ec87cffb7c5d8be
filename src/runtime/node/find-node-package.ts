/**
 * Finds a node package from a folder path or an installed npm package name and reads its manifest
 * (package.json "crispflow" field, or crispflow-nodes.json). File system and core only, so the Vite
 * plugin that lists build-time packages for the designer can use it too.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { NodePackageError, readNodePackageManifest, type NodePackageManifest } from '../../core/node-packages.ts';

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
