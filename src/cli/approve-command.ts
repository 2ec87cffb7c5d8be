/**
 * crispflow approve <model-version> --approver <name> [--requester <name>] [--registry <dir>] [--note <text>]
 *
 * Promotes a challenger to champion after a recorded human approval (four eyes): the approver must not be
 * the person who requested it (recorded by `crispflow retrain`, or named with --requester). The approval
 * goes to the registry's authenticated audit log; the previous champion is retired.
 * Exit codes: 0 promoted, 1 refused (same person, unknown requester, not promotable), 2 bad usage.
 */
import { ApprovalRefusedError, approvePromotion } from '../monitoring/stages.ts';
import { resolveModelVersion, versionLabel } from '../monitoring/registry-versions.ts';
import { auditKeyForWriting } from './audit-command.ts';
import { EXIT } from './exit-codes.ts';
import { usageProblem } from './monitor-command.ts';

export async function approveCommand(o: { ref?: string; approver?: string; requester?: string; registry?: string; note?: string; auditKeyFile?: string }): Promise<number> {
  if (!o.ref || !o.approver) return (console.error('Usage: crispflow approve <model>@v<N> --approver <name> [--requester <name>] [--registry <dir>]'), EXIT.usage);
  try {
    const r = await resolveModelVersion(o.ref, o.registry);
    const done = await approvePromotion(r.registryDir, r.version, { approver: o.approver, requester: o.requester, note: o.note, key: await auditKeyForWriting(o.auditKeyFile) });
    console.log(`${versionLabel(done.promoted)} is now the champion (requested by ${done.requester}, approved by ${o.approver.trim()}).${done.retired ? ` ${versionLabel(done.retired)} is retired.` : ''}`);
    return EXIT.ok;
  } catch (e) {
    if (e instanceof ApprovalRefusedError) return (console.error(e.message), EXIT.nodeFailed);
    const problem = usageProblem(e);
    if (problem) return (console.error(problem), EXIT.usage);
    throw e;
  }
}
