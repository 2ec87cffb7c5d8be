/**
 * A model registry kept in a folder across CLI runs (`crispflow run --registry <dir>`):
 *   <dir>/registry.json                       { format, versions: ModelVersion[] }, the record of truth
 *   <dir>/<safe-name>/v<N>/model.json         the model (model-file format, loadable by `serve --model`)
 *   <dir>/<safe-name>/v<N>/card.md|card.html  its model card
 * registry.json is written last, by temp file + rename: an interrupted run leaves at most a version
 * folder the registry does not list (overwritten by the next run), never a half-written registry.
 * A lock file keeps two runs from registering at the same time.
 */
import { createHash } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Model } from '../core/ports.ts';
import { modelCardHtml, modelCardMarkdown } from '../governance/registry/model-card.ts';
import { registerModelVersion, type ModelVersion } from '../governance/registry/model-version.ts';
import type { ModelRegistration } from '../runtime/model-evaluations.ts';
import { saveModelFile } from './model-file.ts';

export const REGISTRY_FILE = 'registry.json';
export const REGISTRY_FORMAT = 'crispflow-model-registry/1';
const LOCK_FILE = 'registry.lock';

/** A registry.json that cannot be used: the message names the file and what to do. */
export class RegistryFileError extends Error {}

/** Writes a file through `write` to a temp file in the same folder, then renames it over the target (atomic on one file system). */
async function writeAtomically(file: string, write: (tmp: string) => Promise<void>): Promise<void> {
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  try {
    await write(tmp);
    await rename(tmp, file);
  } finally {
    await rm(tmp, { force: true });
  }
}

export const writeFileAtomic = (file: string, text: string) => writeAtomically(file, (tmp) => writeFile(tmp, text));

const saveModelFileAtomic = (file: string, model: Model) => writeAtomically(file, (tmp) => saveModelFile(tmp, model));

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function looksLikeVersion(v: unknown): v is ModelVersion {
  return isRecord(v) && typeof v.name === 'string' && Number.isInteger(v.version) && typeof v.fingerprint === 'string' && typeof v.kind === 'string';
}

/** The versions in `<dir>/registry.json`; none when the file does not exist yet. Throws RegistryFileError otherwise. */
export async function readRegistry(dir: string): Promise<ModelVersion[]> {
  const file = path.join(dir, REGISTRY_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new RegistryFileError(`Cannot read the model registry ${file}: ${(e as Error).message}.`);
  }
  const fix = `Restore ${file} from a backup, or move it away to start a new registry in ${dir}.`;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new RegistryFileError(`The model registry ${file} is not valid JSON (${(e as Error).message}). ${fix}`);
  }
  if (!isRecord(json) || json.format !== REGISTRY_FORMAT || !Array.isArray(json.versions)) {
    throw new RegistryFileError(`${file} is not a Crispflow model registry (expected {"format": "${REGISTRY_FORMAT}", "versions": [...]}). ${fix}`);
  }
  const bad = json.versions.findIndex((v) => !looksLikeVersion(v));
  if (bad >= 0) throw new RegistryFileError(`The model registry ${file} has a broken entry at versions[${bad}] (name, version, kind and fingerprint are required). ${fix}`);
  return json.versions as ModelVersion[];
}

/**
 * Folder name for a model name: a lower-case slug, plus a short hash when another (earlier) name in the
 * registry has the same slug, so two names never share a folder.
 */
export function safeModelFolder(name: string, versions: Array<Pick<ModelVersion, 'name'>>): string {
  const slug = (n: string) =>
    n
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '') // accents, split off by NFKD
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'model';
  const base = slug(name);
  const firstWithSlug = versions.find((v) => slug(v.name) === base)?.name;
  if (firstWithSlug === undefined || firstWithSlug === name) return base;
  return `${base}-${createHash('sha256').update(name).digest('hex').slice(0, 8)}`;
}

const processAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** Holds `<dir>/registry.lock` while `fn` runs; a lock left by a process that is gone is taken over. */
async function withRegistryLock<T>(dir: string, fn: () => Promise<T>, waitMs = 15_000): Promise<T> {
  const lock = path.join(dir, LOCK_FILE);
  const until = Date.now() + waitMs;
  for (;;) {
    try {
      const h = await open(lock, 'wx');
      await h.writeFile(String(process.pid));
      await h.close();
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const holder = Number((await readFile(lock, 'utf8').catch(() => '')).trim());
      if (Number.isInteger(holder) && holder > 0 && !processAlive(holder)) {
        await rm(lock, { force: true });
        continue;
      }
      if (Date.now() > until) {
        throw new RegistryFileError(`The model registry in ${dir} is locked by another crispflow run (${lock}, process ${holder || 'unknown'}). Wait for it to finish, or delete ${lock} if no run is using the registry.`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    return await fn();
  } finally {
    await rm(lock, { force: true });
  }
}

export interface RegisteredModel {
  version: ModelVersion;
  created: boolean;
  /** The version's folder, `<dir>/<safe-name>/v<N>`. */
  folder: string;
}

/**
 * Registers a run's models in the folder registry: a new version (files first, then registry.json)
 * for each changed model, the existing version for identical training (same name and fingerprint).
 */
export async function registerInFolder(
  dir: string,
  models: ModelRegistration[],
  o: { now?: Date; lockWaitMs?: number } = {},
): Promise<RegisteredModel[]> {
  const now = o.now ?? new Date();
  await mkdir(dir, { recursive: true });
  return withRegistryLock(dir, async () => {
    const versions = await readRegistry(dir);
    const out: RegisteredModel[] = [];
    let changed = false;
    for (const registration of models) {
      const { version, created } = registerModelVersion(versions, { ...registration, now });
      const folder = path.join(dir, safeModelFolder(version.name, versions), `v${version.version}`);
      if (created) {
        await mkdir(folder, { recursive: true });
        await saveModelFileAtomic(path.join(folder, 'model.json'), registration.model);
        await writeFileAtomic(path.join(folder, 'card.md'), modelCardMarkdown(version));
        await writeFileAtomic(path.join(folder, 'card.html'), modelCardHtml(version));
        versions.push(version);
        changed = true;
      }
      out.push({ version, created, folder });
    }
    if (changed) await writeFileAtomic(path.join(dir, REGISTRY_FILE), JSON.stringify({ format: REGISTRY_FORMAT, versions }, null, 2) + '\n');
    return out;
  }, o.lockWaitMs);
}
