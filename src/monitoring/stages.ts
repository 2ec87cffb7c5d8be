/**
 * Champion, challenger and retired versions, and the four-eyes approval that promotes a challenger.
 *
 * The stage is an optional `stage` field of a version in registry.json (same format string: registries
 * written before stages load unchanged, a version without a stage is just registered). Every change is
 * written atomically under the registry's lock and recorded in its authenticated audit log:
 *   event "challenger"  {name, version, fingerprint, requester, champion?, report?}
 *   event "approved"    {name, version, fingerprint, approver, requester, retired?}  (then the stages move)
 * A promotion needs an approver who is not the requester (recorded at "challenger", or given now);
 * otherwise it is refused and nothing changes.
 */
import path from 'node:path';
import type { AuditMacKey } from '../governance/audit/mac.ts';
import { writeFileAtomic } from '../fs/atomic-write.ts';
import { withFolderLock } from '../fs/file-lock.ts';
import { AUDIT_FILE, appendAuditEntries, readAuditLogFile } from '../cli/audit-command.ts';
import { readRegistry, REGISTRY_FILE, REGISTRY_FORMAT } from '../cli/model-registry-folder.ts';
import type { Stage, StagedVersion } from './registry-versions.ts';

/** A refused approval or stage change (same person twice, not a challenger …); the CLI exits 1. */
export class ApprovalRefusedError extends Error {}

const samePerson = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

async function writeVersions(registryDir: string, versions: StagedVersion[]): Promise<void> {
  await writeFileAtomic(path.join(registryDir, REGISTRY_FILE), JSON.stringify({ format: REGISTRY_FORMAT, versions }, null, 2) + '\n');
}

const find = (versions: StagedVersion[], name: string, version: number) => {
  const v = versions.find((x) => x.name === name && x.version === version);
  if (!v) throw new ApprovalRefusedError(`"${name}" v${version} is not in the registry.`);
  return v;
};

/** Marks a version as challenger (requested by `requester`), recording who asked and the comparison report. */
export async function markChallenger(
  registryDir: string,
  target: { name: string; version: number },
  o: { requester: string; champion?: { name: string; version: number }; report?: string; key: AuditMacKey; now?: Date },
): Promise<StagedVersion> {
  if (!o.requester.trim()) throw new ApprovalRefusedError('A challenger needs a requester (--requester <name>).');
  return withFolderLock(registryDir, async () => {
    const versions = (await readRegistry(registryDir)) as StagedVersion[];
    const v = find(versions, target.name, target.version);
    if (v.stage === 'champion') throw new ApprovalRefusedError(`"${v.name}" v${v.version} is already the champion; retraining gave the same model.`);
    v.stage = 'challenger';
    await writeVersions(registryDir, versions);
    await appendAuditEntries(
      path.join(registryDir, AUDIT_FILE),
      [
        {
          kind: 'model',
          actor: o.requester,
          at: (o.now ?? new Date()).toISOString(),
          data: { event: 'challenger', name: v.name, version: v.version, fingerprint: v.fingerprint, requester: o.requester, ...(o.champion ? { champion: o.champion.version } : {}), ...(o.report ? { report: o.report } : {}) },
        },
      ],
      o.key,
    );
    return v;
  });
}

/** Who asked for this version to become champion: the latest "challenger" entry naming it. */
export async function recordedRequester(registryDir: string, v: { name: string; version: number }): Promise<string | undefined> {
  const { entries } = await readAuditLogFile(path.join(registryDir, AUDIT_FILE));
  let who: string | undefined;
  for (const e of entries) {
    const d = e.data as { event?: string; name?: string; version?: number; requester?: string };
    if (e.kind === 'model' && d.event === 'challenger' && d.name === v.name && d.version === v.version) who = d.requester;
  }
  return who;
}

/**
 * Promotes a version after a human approval: refused when the approver is the requester (four eyes) or
 * no requester is known. The previous champion of the same model is retired.
 */
export async function approvePromotion(
  registryDir: string,
  target: { name: string; version: number },
  o: { approver: string; requester?: string; key: AuditMacKey; now?: Date; note?: string },
): Promise<{ promoted: StagedVersion; retired?: StagedVersion; requester: string }> {
  const approver = o.approver.trim();
  if (!approver) throw new ApprovalRefusedError('An approval needs the approver\'s name (--approver <name>).');
  return withFolderLock(registryDir, async () => {
    const recorded = await recordedRequester(registryDir, target);
    const requester = (o.requester ?? recorded)?.trim();
    if (!requester) throw new ApprovalRefusedError(`Nobody is recorded as requesting "${target.name}" v${target.version}: retrain it as a challenger first (crispflow retrain), or name the requester with --requester <name>.`);
    if (recorded && o.requester && !samePerson(recorded, o.requester)) {
      throw new ApprovalRefusedError(`The audit log records "${recorded}" as the requester of "${target.name}" v${target.version}, not "${o.requester}". Leave --requester out or name the recorded requester.`);
    }
    if (samePerson(approver, requester)) {
      throw new ApprovalRefusedError(`Refused: "${approver}" requested this promotion and cannot approve it too (four eyes). Ask another person to run crispflow approve.`);
    }
    const versions = (await readRegistry(registryDir)) as StagedVersion[];
    const v = find(versions, target.name, target.version);
    if (v.stage === 'champion') throw new ApprovalRefusedError(`"${v.name}" v${v.version} is already the champion.`);
    if (v.stage === 'retired') throw new ApprovalRefusedError(`"${v.name}" v${v.version} is retired; retrain to make a new challenger.`);
    const previous = versions.find((x) => x.name === v.name && x.stage === 'champion');
    const at = (o.now ?? new Date()).toISOString();
    // Recorded before the stages move: a crash after this entry leaves an approval the next command can see.
    await appendAuditEntries(
      path.join(registryDir, AUDIT_FILE),
      [{ kind: 'model', actor: approver, at, data: { event: 'approved', name: v.name, version: v.version, fingerprint: v.fingerprint, approver, requester, ...(previous ? { retired: previous.version } : {}), ...(o.note ? { note: o.note } : {}) } }],
      o.key,
    );
    if (previous) previous.stage = 'retired';
    v.stage = 'champion';
    await writeVersions(registryDir, versions);
    return { promoted: v, retired: previous, requester };
  });
}

/** Sets a stage directly (the first champion of a registry, or retiring a version), audited with the actor. */
export async function setStage(registryDir: string, target: { name: string; version: number }, stage: Stage, o: { actor: string; key: AuditMacKey; now?: Date }): Promise<void> {
  await withFolderLock(registryDir, async () => {
    const versions = (await readRegistry(registryDir)) as StagedVersion[];
    const v = find(versions, target.name, target.version);
    await appendAuditEntries(path.join(registryDir, AUDIT_FILE), [{ kind: 'model', actor: o.actor, at: (o.now ?? new Date()).toISOString(), data: { event: 'stage', name: v.name, version: v.version, fingerprint: v.fingerprint, stage, from: v.stage ?? null } }], o.key);
    v.stage = stage;
    await writeVersions(registryDir, versions);
  });
}
