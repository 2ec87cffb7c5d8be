/**
 * `--nodes <package-or-folder>` (repeatable) for run, validate and serve: the built-in registry plus
 * those node packages. A package that cannot be used is reported on stderr with the reason and left
 * out; the built-in nodes (and the other packages) still load, and a pipeline that uses a node of a
 * refused package then fails validation naming the unknown type.
 */
import { createBuiltinRegistry } from '../../nodes/index.ts';
import { describeRefusal } from '../core/node-packages.ts';
import type { NodeRegistry } from '../core/registry.ts';
import { openNodePackages } from '../runtime/node/node-packages.ts';

export interface CliRegistry {
  registry: NodeRegistry;
  /** Entry modules of the accepted packages: pass them to createNodePool({ extraNodeModules }). */
  workerModules: string[];
}

// Once per list in a process (serve asks while loading a model file and again while training).
const opened = new Map<string, Promise<CliRegistry>>();

export function registryWithNodePackages(specs: string[] = []): Promise<CliRegistry> {
  if (specs.length === 0) return Promise.resolve({ registry: createBuiltinRegistry(), workerModules: [] });
  const key = JSON.stringify(specs);
  if (!opened.has(key)) opened.set(key, open(specs));
  return opened.get(key)!;
}

async function open(specs: string[]): Promise<CliRegistry> {
  const opened = await openNodePackages(specs);
  for (const r of opened.refused) console.error(`crispflow: ${describeRefusal(r)}`);
  for (const p of opened.loaded) console.error(`Node package "${p.name}"${p.version ? ` ${p.version}` : ''} loaded: ${p.types.join(', ')}.`);
  return { registry: opened.registry, workerModules: opened.workerModules };
}
