/**
 * A model registry kept in a folder across CLI runs (`crispflow run --registry <dir>`):
 *   <dir>/registry.json                       { format, versions: ModelVersion[] }, the record of truth
 *   <dir>/<safe-name>/v<N>/model.json         the model (model-file format, loadable by `serve --model`)
 *   <dir>/<safe-name>/v<N>/card.md|card.html  its model card
 *   <dir>/audit.jsonl (+ audit.anchor.json)   the registry's authenticated audit log
 *
 * Every file is written atomically (src/fs/atomic-write.ts), under the folder lock that the audit log's
 * appends take too (src/fs/file-lock.ts). A registration happens in an order a crash cannot confuse:
 *   1. audit entry "registering" (name, version, fingerprint) — the intent, before anything else
 *   2. the version folder's files
 *   3. registry.json (the version becomes part of the registry)
 *   4. audit entry "registered" naming the intent's seq
 * After a kill at any point, the next registration (and `crispflow audit verify <dir>/audit.jsonl`)
 * explains what it finds: an intent without a version in registry.json was interrupted before step 3
 * (recorded as "abandoned"; its folder is overwritten by the next version); a version in registry.json
 * whose intent has no "registered" entry was interrupted before step 4 (recorded as "registered",
 * recovered). A version that no audit entry announced was added to registry.json by hand: refused.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Model } from '../core/ports.ts';
import type { AuditEntry, AuditEntryInput } from '../governance/audit/chain.ts';
import type { AuditMacKey } from '../governance/audit/mac.ts';
import { modelCardHtml, modelCardMarkdown } from '../governance/registry/model-card.ts';
import { registerModelVersion, type ModelVersion } from '../governance/registry/model-version.ts';
import type { ModelRegistration } from '../runtime/model-evaluations.ts';
import { removeStaleTempFiles, writeFileAtomic } from '../fs/atomic-write.ts';
import { FolderLockedError, withFolderLock } from '../fs/file-lock.ts';
import { AUDIT_FILE, appendAuditEntries, AuditLogError, readAuditLogFile } from './audit-command.ts';
import { saveModelFile } from './model-file.ts';

export const REGISTRY_FILE = 'registry.json';
export const REGISTRY_FORMAT = 'crispflow-model-registry/1';

/** A registry.json that cannot be used: the message names the file and what to do. */
export class RegistryFileError extends Error {}

/** Points of a registration where tests stop the process (SIGKILL) to check what a crash leaves. */
export type RegistrationStep = 'intent-recorded' | 'files-written' | 'registry-written';
let stepHook: ((step: RegistrationStep) => void) | undefined;
export function setRegistrationStepHookForTests(hook: ((step: RegistrationStep) => void) | undefined): void {
  stepHook = hook;
}

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

export interface RegisteredModel {
  version: ModelVersion;
  created: boolean;
  /** The version's folder, `<dir>/<safe-name>/v<N>`. */
  folder: string;
}

type RegistryEvent = 'registering' | 'registered' | 'abandoned' | 'adopted';
interface RegistryAuditData {
  event: RegistryEvent;
  name: string;
  version: number;
  fingerprint: string;
  intentSeq?: number;
}

const registryData = (e: AuditEntry): RegistryAuditData | undefined => {
  const d = e.data as Partial<RegistryAuditData>;
  return e.kind === 'model' && typeof d.event === 'string' && typeof d.name === 'string' && typeof d.version === 'number' && typeof d.fingerprint === 'string'
    ? (d as RegistryAuditData)
    : undefined;
};
const versionKey = (v: { name: string; version: number; fingerprint: string }) => JSON.stringify([v.name, v.version, v.fingerprint]);
const label = (v: { name: string; version: number }) => `"${v.name}" v${v.version}`;

export interface RegistryExplanation {
  /** Intents whose version reached registry.json without a "registered" entry (stopped before step 4). */
  unconfirmed: Array<{ intentSeq: number; version: ModelVersion }>;
  /** Intents whose version never reached registry.json (stopped before step 3). */
  interrupted: Array<{ intentSeq: number; name: string; version: number; fingerprint: string }>;
  /** Versions in registry.json that no audit entry announced. */
  unexplained: ModelVersion[];
  /** The registry predates its audit log (no log at all). */
  legacy: boolean;
  /** One line per finding, for people. */
  notes: string[];
}

/** How registry.json and the registry's audit log account for each other (nothing is written). */
export function explainRegistry(versions: ModelVersion[], entries: AuditEntry[], logExists: boolean): RegistryExplanation {
  const intents = new Map<number, RegistryAuditData>();
  const closed = new Set<number>();
  const announced = new Set<string>();
  for (const e of entries) {
    const d = registryData(e);
    if (!d) continue;
    if (d.event === 'registering') intents.set(e.seq, d);
    if ((d.event === 'registered' || d.event === 'abandoned') && d.intentSeq !== undefined) closed.add(d.intentSeq);
    if (d.event === 'registering' || d.event === 'adopted' || d.event === 'registered') announced.add(versionKey(d));
  }
  const inRegistry = new Map(versions.map((v) => [versionKey(v), v]));
  const out: RegistryExplanation = { unconfirmed: [], interrupted: [], unexplained: [], legacy: !logExists, notes: [] };
  for (const [seq, d] of intents) {
    if (closed.has(seq)) continue;
    const v = inRegistry.get(versionKey(d));
    if (v) {
      out.unconfirmed.push({ intentSeq: seq, version: v });
      out.notes.push(`${label(d)} (audit seq ${seq}) is in registry.json but its registration was interrupted before the "registered" entry; it is complete.`);
    } else {
      out.interrupted.push({ intentSeq: seq, ...d });
      out.notes.push(`${label(d)} (audit seq ${seq}) was being registered when the run was interrupted; it never reached registry.json, so it is not a version.`);
    }
  }
  for (const v of versions) {
    if (announced.has(versionKey(v))) continue;
    out.unexplained.push(v);
    if (logExists) out.notes.push(`${label(v)} is in registry.json but no audit entry records its registration: registry.json was changed outside crispflow.`);
  }
  if (!logExists && versions.length) out.notes.push(`The registry has no audit log yet (it was written by an earlier Crispflow); its ${versions.length} version(s) will be recorded as adopted at the next registration.`);
  return out;
}

/** The explanation, read from `<dir>` (for `crispflow audit verify`). */
export async function explainRegistryFolder(dir: string): Promise<RegistryExplanation> {
  const versions = await readRegistry(dir);
  const logFile = path.join(dir, AUDIT_FILE);
  const { entries } = await readAuditLogFile(logFile);
  let logExists = entries.length > 0;
  if (!logExists) logExists = await readFile(logFile).then(() => true, () => false);
  return explainRegistry(versions, entries, logExists);
}

/** Records in the audit log what an interrupted registration left, so log and registry agree again. */
async function reconcile(dir: string, key: AuditMacKey, now: Date): Promise<void> {
  const logFile = path.join(dir, AUDIT_FILE);
  const ex = await explainRegistryFolder(dir);
  if (ex.unexplained.length && !ex.legacy) {
    throw new RegistryFileError(
      `${ex.unexplained.map(label).join(', ')} ${ex.unexplained.length === 1 ? 'is' : 'are'} in ${path.join(dir, REGISTRY_FILE)} but no entry of ${logFile} records the registration: registry.json was changed outside crispflow. ` +
        'Restore registry.json from a backup (or remove the versions no entry announces), then run again.',
    );
  }
  const at = now.toISOString();
  const inputs: AuditEntryInput[] = [
    ...ex.unexplained.map((v) => ({ kind: 'model' as const, actor: 'cli', at, data: { event: 'adopted', name: v.name, version: v.version, fingerprint: v.fingerprint, note: 'registered by an earlier Crispflow, before the registry kept an audit log' } })),
    ...ex.unconfirmed.map(({ intentSeq, version: v }) => ({
      kind: 'model' as const,
      actor: 'cli',
      at,
      data: { event: 'registered', name: v.name, version: v.version, fingerprint: v.fingerprint, intentSeq, recovered: true, note: 'confirmed after an interrupted run: registry.json already listed it' },
    })),
    ...ex.interrupted.map((d) => ({
      kind: 'model' as const,
      actor: 'cli',
      at,
      data: { event: 'abandoned', name: d.name, version: d.version, fingerprint: d.fingerprint, intentSeq: d.intentSeq, note: 'the run was interrupted before registry.json listed it; not a version' },
    })),
  ];
  if (inputs.length) await appendAuditEntries(logFile, inputs, key);
}

/**
 * Registers a run's models in the folder registry: a new version for each changed model (in the order
 * described at the top), the existing version for identical training (same name and fingerprint).
 */
export async function registerInFolder(
  dir: string,
  models: ModelRegistration[],
  o: { auditKey: AuditMacKey; now?: Date; lockWaitMs?: number },
): Promise<RegisteredModel[]> {
  const now = o.now ?? new Date();
  await mkdir(dir, { recursive: true });
  const logFile = path.join(dir, AUDIT_FILE);
  try {
    return await withFolderLock(
      dir,
      async () => {
        await removeStaleTempFiles(dir);
        const versions = await readRegistry(dir);
        await reconcile(dir, o.auditKey, now);
        const out: RegisteredModel[] = [];
        const created: Array<{ version: ModelVersion; folder: string; model: Model }> = [];
        for (const registration of models) {
          const { version, created: isNew } = registerModelVersion(versions, { ...registration, now });
          const folder = path.join(dir, safeModelFolder(version.name, versions), `v${version.version}`);
          if (isNew) {
            versions.push(version);
            created.push({ version, folder, model: registration.model });
          }
          out.push({ version, created: isNew, folder });
        }
        if (created.length === 0) return out;
        const at = now.toISOString();
        const intents = await appendAuditEntries(
          logFile,
          created.map(({ version: v, folder }) => ({
            kind: 'model',
            actor: 'cli',
            at,
            data: { event: 'registering', name: v.name, version: v.version, fingerprint: v.fingerprint, kind: v.kind, folder: path.relative(dir, folder) },
          })),
          o.auditKey,
        );
        stepHook?.('intent-recorded');
        for (const { version, folder, model } of created) {
          await mkdir(folder, { recursive: true });
          await removeStaleTempFiles(folder);
          await saveModelFile(path.join(folder, 'model.json'), model);
          await writeFileAtomic(path.join(folder, 'card.md'), modelCardMarkdown(version));
          await writeFileAtomic(path.join(folder, 'card.html'), modelCardHtml(version));
        }
        stepHook?.('files-written');
        await writeFileAtomic(path.join(dir, REGISTRY_FILE), JSON.stringify({ format: REGISTRY_FORMAT, versions }, null, 2) + '\n');
        stepHook?.('registry-written');
        await appendAuditEntries(
          logFile,
          created.map(({ version: v }, i) => ({ kind: 'model', actor: 'cli', at, data: { event: 'registered', name: v.name, version: v.version, fingerprint: v.fingerprint, intentSeq: intents[i].seq } })),
          o.auditKey,
        );
        return out;
      },
      { what: `The model registry in ${dir}`, waitMs: o.lockWaitMs },
    );
  } catch (e) {
    if (e instanceof FolderLockedError) throw new RegistryFileError(e.message);
    if (e instanceof AuditLogError) throw new RegistryFileError(`The model registry's audit log cannot be used: ${e.message}`);
    throw e;
  }
}
