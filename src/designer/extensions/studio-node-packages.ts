/**
 * The designer's registry with the node packages of a studio's workspace (docs/extending.md, "Use it in
 * the studio"). In a studio session (a session token in this tab), GET /api/node-packages names the
 * accepted packages with their same-origin entry URLs and the refused ones with their reasons; the accepted
 * ones are imported here, joined to the built-in nodes and the build-time packages (their nodes tagged
 * as extensions in the palette), and handed to the worker pool so runs see the same nodes. A refused or
 * broken package is listed in the palette with its reason and never stops the built-in nodes.
 */
import { NodePackageError, type ResolvedNodePackage } from '../../core/node-packages.ts';
import type { NodeRegistry } from '../../core/registry.ts';
import { buildTimePackages } from '../../runtime/browser/build-time-node-packages.ts';
import { importRuntimeNodePackages, setWorkerNodePackages, type RuntimeNodePackage } from '../../runtime/browser/runtime-node-packages.ts';
import { createDesignerRegistry } from '../registry.ts';
import { studioToken } from '../studio/studio-token.ts';

/** GET /api/node-packages (docs/studio-api.md), the fields the designer uses. */
export interface StudioNodePackageList {
  accepted: Array<{ name: string; version?: string; entry: string }>;
  refused: Array<{ package: string; reason: string }>;
}

const LIST_TIMEOUT_MS = 15_000;

const isList = (v: unknown): v is StudioNodePackageList =>
  typeof v === 'object' &&
  v !== null &&
  Array.isArray((v as StudioNodePackageList).accepted) &&
  Array.isArray((v as StudioNodePackageList).refused) &&
  (v as StudioNodePackageList).accepted.every((p) => typeof p?.name === 'string' && typeof p.entry === 'string' && p.entry.startsWith('/node-packages/'));

/**
 * The studio's list, or undefined outside a studio session (no token, or a server that is no studio or
 * does not know the token: studio-boot.ts reports that). Throws when a studio answered but not usably.
 */
export async function fetchStudioNodePackages(token = studioToken()): Promise<StudioNodePackageList | undefined> {
  if (!token) return undefined;
  const res = await fetch('/api/node-packages', { headers: { Authorization: `Bearer ${token}` }, cache: 'no-store', signal: AbortSignal.timeout(LIST_TIMEOUT_MS) });
  if (res.status === 401 || res.status === 404 || !(res.headers.get('content-type') ?? '').includes('json')) return undefined;
  const body = (await res.json()) as unknown;
  if (!res.ok) throw new Error(typeof (body as { error?: unknown }).error === 'string' ? (body as { error: string }).error : `the studio answered ${res.status}`);
  if (!isList(body)) throw new Error('the studio answered with an unexpected list');
  return body;
}

/** The packages to compose: the accepted ones imported here, the refused ones with their reasons. */
export async function studioNodePackages(list: StudioNodePackageList | undefined, origin = location.origin): Promise<{ resolved: ResolvedNodePackage[]; runtime: RuntimeNodePackage[] }> {
  if (!list) return { resolved: [], runtime: [] };
  const runtime = list.accepted.map((p) => ({ name: p.name, ...(p.version ? { version: p.version } : {}), url: new URL(p.entry, origin).href }));
  const refused = list.refused.map((r): ResolvedNodePackage => ({ name: r.package, error: new NodePackageError(r.reason) }));
  return { resolved: [...(await importRuntimeNodePackages(runtime)), ...refused], runtime };
}

/**
 * The designer's registry: built-in nodes, build-time packages and, in a studio, the workspace's packages.
 * Never throws: a list that cannot be read is reported in the palette like a refused package.
 */
export async function createRegistryWithStudioPackages(): Promise<NodeRegistry> {
  let studio: { resolved: ResolvedNodePackage[]; runtime: RuntimeNodePackage[] } = { resolved: [], runtime: [] };
  try {
    studio = await studioNodePackages(await fetchStudioNodePackages());
  } catch (e) {
    const reason = `the studio's list of node packages could not be read (${e instanceof Error ? e.message : String(e)}); reload the page, or check that the studio is still running.`;
    studio.resolved = [{ name: 'workspace packages', error: new NodePackageError(reason) }];
  }
  const registry = createDesignerRegistry([...buildTimePackages(), ...studio.resolved]);
  // The workers import only what this thread accepted, so both registries hold the same nodes.
  const loaded = new Set(registry.list().flatMap((d) => (d.origin ? [d.origin.package] : [])));
  setWorkerNodePackages(studio.runtime.filter((p) => loaded.has(p.name)));
  return registry;
}
