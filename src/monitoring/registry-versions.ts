/**
 * Finding a model version in a folder registry (`crispflow run --registry <dir>`, the studio's
 * workspace/registry) from what a person types:
 *   "<name>@v<N>" or "<name>@<N>"   the model's registry name ("Logistic regression@v2") or its folder
 *                                   name ("logistic-regression@v2"), case-insensitive
 *   "<name>"                        its champion (see stages.ts), else its latest version
 *   a path to a version folder      "<registry>/<model>/v<N>" (the registry is two levels up)
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Model } from '../core/ports.ts';
import type { ModelVersion } from '../governance/registry/model-version.ts';
import { loadModelFile } from '../cli/model-file.ts';
import { readRegistry, safeModelFolder } from '../cli/model-registry-folder.ts';

/** What the user asked for cannot be found or used; the CLI exits 2 with the message. */
export class ModelVersionRefError extends Error {}

export const DEFAULT_REGISTRY = path.join('crispflow-workspace', 'registry');

export type Stage = 'champion' | 'challenger' | 'retired';
export type StagedVersion = ModelVersion & { stage?: Stage };

export interface ResolvedVersion {
  registryDir: string;
  version: StagedVersion;
  versions: StagedVersion[];
  /** `<registry>/<model-folder>/v<N>`. */
  folder: string;
}

const slug = (versions: ModelVersion[], name: string) => safeModelFolder(name, versions);

/** The folder of a version in its registry. */
export const versionFolder = (registryDir: string, versions: ModelVersion[], v: Pick<ModelVersion, 'name' | 'version'>) =>
  path.join(registryDir, slug(versions, v.name), `v${v.version}`);

async function isDir(p: string): Promise<boolean> {
  return stat(p).then((s) => s.isDirectory(), () => false);
}

export async function resolveModelVersion(ref: string, registryOption?: string): Promise<ResolvedVersion> {
  const asPath = path.resolve(ref);
  if (/^v\d+$/.test(path.basename(asPath)) && (await isDir(asPath))) {
    const registryDir = path.dirname(path.dirname(asPath));
    const versions = (await readRegistry(registryDir)) as StagedVersion[];
    const n = Number(path.basename(asPath).slice(1));
    const folderName = path.basename(path.dirname(asPath));
    const version = versions.find((v) => v.version === n && slug(versions, v.name) === folderName);
    if (!version) throw new ModelVersionRefError(`${ref} looks like a version folder, but ${path.join(registryDir, 'registry.json')} lists no such version. Give "<model>@v<N>" with --registry <dir>.`);
    return { registryDir, version, versions, folder: asPath };
  }
  const registryDir = registryOption ?? DEFAULT_REGISTRY;
  const versions = (await readRegistry(registryDir)) as StagedVersion[];
  if (versions.length === 0) throw new ModelVersionRefError(`The model registry ${registryDir} has no models (registry.json is missing or empty). Pass --registry <dir> (the folder of crispflow run --registry), or a version folder.`);
  const m = /^(.*?)@v?(\d+)$/i.exec(ref);
  const name = (m ? m[1] : ref).trim().toLowerCase();
  const matches = versions.filter((v) => v.name.toLowerCase() === name || slug(versions, v.name) === name);
  if (matches.length === 0) {
    const names = [...new Set(versions.map((v) => `${v.name} (${slug(versions, v.name)})`))];
    throw new ModelVersionRefError(`No model "${m ? m[1] : ref}" in ${registryDir}. Models: ${names.join(', ')}. Write "<model>@v<N>".`);
  }
  let version: StagedVersion | undefined;
  if (m) {
    version = matches.find((v) => v.version === Number(m[2]));
    if (!version) throw new ModelVersionRefError(`"${matches[0].name}" has no version ${m[2]} in ${registryDir} (versions: ${matches.map((v) => v.version).join(', ')}).`);
  } else {
    version = matches.find((v) => v.stage === 'champion') ?? matches.reduce((a, b) => (b.version > a.version ? b : a));
  }
  return { registryDir, version, versions, folder: versionFolder(registryDir, versions, version) };
}

/** The version's model file. */
export async function loadVersionModel(r: ResolvedVersion): Promise<Model> {
  const file = path.join(r.folder, 'model.json');
  try {
    return await loadModelFile(file);
  } catch (e) {
    throw new ModelVersionRefError(`Cannot load the model of "${r.version.name}" v${r.version.version} (${file}): ${(e as Error).message}`);
  }
}

export const versionLabel = (v: Pick<ModelVersion, 'name' | 'version'>) => `${v.name}@v${v.version}`;
