/**
 * The studio's node packages: those named in the workspace settings and by `crispflow studio --nodes`.
 * Each is checked as the CLI checks it (manifest, node-API version, its definitions against the built-in
 * nodes and the packages before it: src/core/node-packages.ts) and, because the designer imports it in
 * the browser, also for loading there as it is (browser-module-graph.ts). An accepted package's module
 * files are kept in memory and served same-origin under /node-packages/<name>/ (node-package-files.ts);
 * GET /api/node-packages lists accepted and refused packages. A refused package never stops the studio,
 * the built-in nodes or the other packages.
 *
 * Like `crispflow run --nodes`, this imports each package's entry in the studio's own process to check its
 * definitions: a node package is code you chose to run.
 */
import { fileURLToPath } from 'node:url';
import { composeRegistryFrom, definitionsFromModule, NodePackageError, type ResolvedNodePackage } from '../../core/node-packages.ts';
import { findNodePackage } from '../../runtime/node/find-node-package.ts';
import { browserModuleGraph, type PackageModuleFile } from './browser-module-graph.ts';
import { nodePackageFileUrl, NO_NODE_PACKAGES, type AcceptedStudioPackage, type RefusedStudioPackage, type StudioNodePackages } from './served-packages.ts';
import type { NodePackageSpec } from './workspace-settings.ts';

interface Candidate {
  spec: NodePackageSpec;
  name: string;
  dir?: string;
  version?: string;
  files?: PackageModuleFile[];
  resolved: ResolvedNodePackage;
}

async function candidate(spec: NodePackageSpec, taken: Map<string, string>): Promise<Candidate | undefined> {
  const fail = (name: string, error: unknown, version?: string): Candidate => ({ spec, name, version, resolved: { name, ...(version ? { version } : {}), error } });
  let found;
  try {
    found = findNodePackage(spec.spec, spec.cwd);
  } catch (e) {
    return fail((e instanceof NodePackageError && e.packageName) || spec.spec, e);
  }
  const { name, version } = found.manifest;
  const firstDir = taken.get(name);
  // The same package from the settings and from --nodes: once is enough.
  if (firstDir === found.dir) return undefined;
  if (firstDir !== undefined) return fail(name, new NodePackageError(`another package of the same name is already given (${firstDir}); name one of them.`), version);
  taken.set(name, found.dir);
  let files: PackageModuleFile[];
  try {
    files = await browserModuleGraph(found.dir, fileURLToPath(found.entry));
  } catch (e) {
    const reason = e instanceof NodePackageError ? e.message : `its modules could not be read: ${(e as Error).message}`;
    return fail(name, new NodePackageError(`it cannot run in the browser as it is: ${reason}`), version);
  }
  try {
    const definitions = definitionsFromModule(await import(found.entry));
    return { spec, name, version, dir: found.dir, files, resolved: { name, ...(version ? { version } : {}), definitions } };
  } catch (e) {
    return fail(name, e, version);
  }
}

/**
 * Opens the packages in order. Never throws for a package: those that cannot be used are in `refused`
 * with the reason (one sentence saying what to do).
 */
export async function openStudioNodePackages(specs: NodePackageSpec[]): Promise<StudioNodePackages> {
  if (specs.length === 0) return NO_NODE_PACKAGES;
  const taken = new Map<string, string>();
  const candidates: Candidate[] = [];
  for (const spec of specs) {
    const c = await candidate(spec, taken);
    if (c) candidates.push(c);
  }
  const refusedAt = new Map<Candidate, RefusedStudioPackage>();
  const refuse = (c: Candidate, reason: string) => refusedAt.set(c, { package: c.name, reason, source: c.spec.spec, from: c.spec.from });
  const usable = candidates.filter((c) => {
    if (!('error' in c.resolved)) return true;
    const e = c.resolved.error;
    refuse(c, e instanceof NodePackageError ? e.message : `it failed while loading: ${e instanceof Error ? e.message : String(e)}`);
    return false;
  });
  // The built-in nodes, loaded only when there are packages to check against them. Names are unique here.
  const { builtinNodes } = await import('../../../nodes/index.ts');
  const composed = composeRegistryFrom(
    builtinNodes,
    usable.map((c) => c.resolved),
  );
  const byName = new Map(usable.map((c) => [c.name, c]));
  for (const r of composed.refused) refuse(byName.get(r.package)!, r.reason);
  const accepted = composed.loaded.map((p): AcceptedStudioPackage => {
    const c = byName.get(p.name)!;
    const files = c.files ?? [];
    return {
      name: p.name,
      ...(p.version ? { version: p.version } : {}),
      types: p.types,
      source: c.spec.spec,
      from: c.spec.from,
      dir: c.dir!,
      entry: nodePackageFileUrl(p.name, files[0].path),
      files: new Map(files.map((f) => [f.path, f])),
    };
  });
  // Refusals in the order the packages were given.
  const refused = candidates.flatMap((c) => (refusedAt.has(c) ? [refusedAt.get(c)!] : []));
  return { accepted, refused };
}
