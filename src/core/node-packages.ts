/**
 * Node packages: folders or npm packages that bring node definitions (docs/extending.md). This module
 * is the host-neutral part: the manifest, what an entry module may export, the checks a definition
 * must pass, and composing a registry from the built-in nodes plus packages, where a package that is
 * incompatible or broken is refused with a reason and never stops the others (or the built-ins).
 * Reading folders and importing files is the host's part (src/runtime/node/node-packages.ts for Node,
 * a Vite-time list for the browser).
 */
import { CRISP_PHASES, type AnyNodeDefinition, type NodeOrigin } from './node-definition.ts';
import { nodeApi, SUPPORTED_NODE_API_VERSIONS, type NodeApi } from './node-api.ts';
import { checkParamValue, visibleWhenProblem, type ParamSpec, type ParamSpecs } from './params.ts';
import { PORT_TYPES } from './ports.ts';
import { createRegistry, type NodeRegistry } from './registry.ts';

/**
 * What a package declares: in package.json as `"crispflow": { "nodeApi": "1", "nodes": "./index.js" }`,
 * or in a `crispflow-nodes.json` file with the same fields plus `name` (and `version`) for a folder
 * without package.json.
 */
export interface NodePackageManifest {
  name: string;
  version?: string;
  /** The node-API version the package is written for (see SUPPORTED_NODE_API_VERSIONS). */
  nodeApi: string;
  /** The entry module, relative to the package folder. */
  nodes: string;
}

/** A package that was refused, and why (one sentence naming what to do). */
export interface RefusedNodePackage {
  package: string;
  reason: string;
}

/** A package whose nodes joined the registry. */
export interface LoadedNodePackage {
  name: string;
  version?: string;
  types: string[];
}

/** Thrown by the checks below; its message is the reason given when the package is refused. */
export class NodePackageError extends Error {
  constructor(
    message: string,
    /** The package's name, when known before the failure (its package.json was readable). */
    readonly packageName?: string,
  ) {
    super(message);
    this.name = 'NodePackageError';
  }
}

/**
 * Checks the `crispflow` block of package.json (or a crispflow-nodes.json) and the API version.
 * `fallbackName` is used when the manifest has no name (package.json's own name, or the folder's).
 */
export function readNodePackageManifest(raw: unknown, fallbackName: string, fallbackVersion?: string): NodePackageManifest {
  if (!raw || typeof raw !== 'object') throw new NodePackageError('its manifest is not an object; write { "nodeApi": "1", "nodes": "./index.js" }.');
  const m = raw as Record<string, unknown>;
  const api = typeof m.nodeApi === 'number' ? String(m.nodeApi) : m.nodeApi;
  if (typeof api !== 'string' || api === '') throw new NodePackageError('its manifest does not say which node API it needs; add "nodeApi": "1".');
  if (!SUPPORTED_NODE_API_VERSIONS.includes(api)) {
    throw new NodePackageError(`it needs node API ${api}, but this Crispflow supports node API ${SUPPORTED_NODE_API_VERSIONS.join(', ')}; use a version of the package written for it.`);
  }
  if (typeof m.nodes !== 'string' || m.nodes === '') throw new NodePackageError('its manifest does not name its entry module; add "nodes": "./index.js".');
  const name = typeof m.name === 'string' && m.name !== '' ? m.name : fallbackName;
  const version = typeof m.version === 'string' ? m.version : fallbackVersion;
  return { name, nodeApi: api, nodes: m.nodes, ...(version ? { version } : {}) };
}

/**
 * The definitions an entry module brings: a default export that is a function receiving the node API
 * and returning an array, a default export that is an array, or a named export `nodes` (an array).
 * Synchronous, so the designer can build its registry at start-up.
 */
export function definitionsFromModule(mod: unknown, api: NodeApi = nodeApi): AnyNodeDefinition[] {
  const m = (mod ?? {}) as { default?: unknown; nodes?: unknown };
  const exported = typeof m.default === 'function' ? (m.default as (api: NodeApi) => unknown)(api) : (m.default ?? m.nodes);
  if (exported instanceof Promise) throw new NodePackageError('its entry function returned a promise; return the array of definitions itself.');
  if (!Array.isArray(exported)) {
    throw new NodePackageError('its entry module exports no node definitions; export a default function (api) => [definitions], or `nodes`, an array.');
  }
  return exported as AnyNodeDefinition[];
}

const TYPE_NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** What is wrong with a definition, as sentences (empty when it can be registered). */
export function definitionProblems(def: AnyNodeDefinition): string[] {
  if (!def || typeof def !== 'object') return ['an entry of its node list is not a node definition'];
  const name = typeof def.type === 'string' ? `node "${def.type}"` : 'a node';
  const p: string[] = [];
  if (typeof def.type !== 'string' || !TYPE_NAME.test(def.type)) p.push(`${name} needs a "type" in kebab-case (e.g. "tenure-band")`);
  if (!Number.isInteger(def.version) || def.version < 1) p.push(`${name} needs a whole "version" of 1 or more`);
  for (const field of ['title', 'category', 'summary'] as const) {
    if (typeof def[field] !== 'string' || def[field] === '') p.push(`${name} needs a "${field}"`);
  }
  if (!CRISP_PHASES.includes(def.phase)) p.push(`${name} has phase "${String(def.phase)}"; use one of ${CRISP_PHASES.join(', ')}`);
  for (const side of ['inputs', 'outputs'] as const) {
    const ports = def[side];
    if (!ports || typeof ports !== 'object') {
      p.push(`${name} needs "${side}" (an object of ports, {} for none)`);
      continue;
    }
    for (const [port, spec] of Object.entries(ports)) {
      const type = (spec as { type?: unknown } | undefined)?.type as never;
      if (!PORT_TYPES.includes(type)) p.push(`${name}: ${side.slice(0, -1)} "${port}" has type "${String(type)}"; use one of ${PORT_TYPES.join(', ')}`);
    }
  }
  if (!def.params || typeof def.params !== 'object') p.push(`${name} needs "params" (an object, {} for none)`);
  else {
    for (const [key, spec] of Object.entries(def.params) as Array<[string, ParamSpec]>) {
      const bad = paramProblem(spec) ?? visibleWhenProblem(key, def.params as ParamSpecs);
      if (bad) p.push(`${name}: param "${key}" ${bad}`);
    }
  }
  if (typeof def.run !== 'function') p.push(`${name} needs a run({ inputs, params, ctx }) function`);
  if (def.schema !== undefined && typeof def.schema !== 'function') p.push(`${name}: "schema" must be a function`);
  for (const [k, fn] of Object.entries(def.kernels ?? {})) if (typeof fn !== 'function') p.push(`${name}: kernel "${k}" is not a function`);
  for (const [k, s] of Object.entries(def.scorers ?? {})) if (typeof s?.score !== 'function') p.push(`${name}: the scorer for model kind "${k}" has no score function`);
  return p;
}

const PARAM_KINDS = ['number', 'integer', 'boolean', 'enum', 'string', 'column', 'columns'];

function paramProblem(spec: ParamSpec): string | null {
  if (!spec || !PARAM_KINDS.includes(spec.kind)) return `has kind "${String(spec?.kind)}"; use one of ${PARAM_KINDS.join(', ')} (the api.param builders)`;
  if (spec.kind === 'column' || spec.kind === 'columns') return typeof spec.from === 'string' ? null : 'needs "from", the input port whose columns it offers';
  if (spec.kind === 'enum' && (!Array.isArray(spec.options) || spec.options.length === 0)) return 'needs "options"';
  const bad = checkParamValue(spec, spec.default);
  return bad ? `has a default that ${bad}` : null;
}

/** A package the host found and can load (import its entry and read the definitions). */
export interface NodePackageSource {
  name: string;
  version?: string;
  load(): AnyNodeDefinition[] | Promise<AnyNodeDefinition[]>;
}

export interface ComposedRegistry {
  registry: NodeRegistry;
  loaded: LoadedNodePackage[];
  refused: RefusedNodePackage[];
}

/** A package's definitions, or why they could not be had. */
export type ResolvedNodePackage = { name: string; version?: string } & ({ definitions: AnyNodeDefinition[] } | { error: unknown });

const asPackageError = (e: unknown) =>
  e instanceof NodePackageError ? e : new NodePackageError(`it failed while loading: ${e instanceof Error ? e.message : String(e)}`);

/** Loads each package (in order), keeping a failure as the package's error. */
export async function resolveNodePackages(packages: NodePackageSource[]): Promise<ResolvedNodePackage[]> {
  const out: ResolvedNodePackage[] = [];
  for (const pkg of packages) {
    const id = { name: pkg.name, ...(pkg.version ? { version: pkg.version } : {}) };
    try {
      out.push({ ...id, definitions: await pkg.load() });
    } catch (e) {
      out.push({ ...id, error: e });
    }
  }
  return out;
}

/**
 * The built-in nodes plus each package's, in order. A package is refused whole (none of its nodes join)
 * when it failed to load, a definition is invalid, or one of its types, aliases, kernels or model kinds
 * is already taken; the built-in nodes always load.
 */
export function composeRegistryFrom(builtin: AnyNodeDefinition[], packages: ResolvedNodePackage[], help: Record<string, string> = {}): ComposedRegistry {
  let accepted = [...builtin];
  let registry = createRegistry(accepted, help);
  const loaded: LoadedNodePackage[] = [];
  const refused: RefusedNodePackage[] = [];
  for (const pkg of packages) {
    try {
      if ('error' in pkg) throw asPackageError(pkg.error);
      const defs = pkg.definitions;
      if (defs.length === 0) throw new NodePackageError('it exports an empty node list.');
      const problems = defs.flatMap((d) => definitionProblems(d));
      if (problems.length) throw new NodePackageError(`its definitions are invalid: ${problems.join('; ')}.`);
      const origin: NodeOrigin = { package: pkg.name, ...(pkg.version ? { version: pkg.version } : {}) };
      const marked = defs.map((d) => ({ ...d, origin }));
      const taken = marked.find((d) => registry.has(d.type) || (d.aliases ?? []).some((a) => registry.has(a)));
      if (taken) {
        const by = registry.get(taken.type) ?? registry.get((taken.aliases ?? []).find((a) => registry.has(a))!);
        throw new NodePackageError(`node type "${taken.type}" is already taken by ${by?.origin ? `package "${by.origin.package}"` : 'a built-in node'}; rename the type.`);
      }
      let next: NodeRegistry;
      try {
        next = createRegistry([...accepted, ...marked], help);
      } catch (e) {
        throw new NodePackageError((e as Error).message);
      }
      accepted = [...accepted, ...marked];
      registry = next;
      loaded.push({ name: pkg.name, ...(pkg.version ? { version: pkg.version } : {}), types: marked.map((d) => d.type) });
    } catch (e) {
      refused.push({ package: pkg.name, reason: asPackageError(e).message });
    }
  }
  return { registry, loaded, refused };
}

/** composeRegistryFrom over packages loaded here (their entries may be imported asynchronously). */
export async function composeRegistry(builtin: AnyNodeDefinition[], packages: NodePackageSource[], help: Record<string, string> = {}): Promise<ComposedRegistry> {
  return composeRegistryFrom(builtin, await resolveNodePackages(packages), help);
}

/** One line for a refused package, as the CLI prints it and the designer shows it. */
export function describeRefusal(r: RefusedNodePackage): string {
  return `Node package "${r.package}" was not loaded: ${r.reason}`;
}
