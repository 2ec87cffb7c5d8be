/** Entries in the workspace's authenticated audit log (the CLI's key and append code, src/cli/audit-*.ts). */
import { appendAuditEntries } from '../../cli/audit-command.ts';
import type { AuditEntryInput } from '../../governance/audit/chain.ts';
import type { StudioContext } from '../studio-context.ts';

export async function auditWorkspace(studio: StudioContext, kind: AuditEntryInput['kind'], data: Record<string, unknown>): Promise<void> {
  await appendAuditEntries(studio.workspace.auditLog, [{ kind, actor: 'studio', at: new Date().toISOString(), data }], await studio.auditKey());
}
