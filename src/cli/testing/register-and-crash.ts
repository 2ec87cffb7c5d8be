/**
 * Test helper process: registers one model in a folder registry and kills itself with SIGKILL at a given
 * step, as a power cut or `kill -9` would, so tests can check what each crash point leaves behind.
 *   node --import tsx register-and-crash.ts <registry-dir> <step> <key-hex> <fingerprint>
 * <step>: a RegistrationStep, or "audit-log-written:<n>" (between the n-th audit log write and its anchor).
 */
import type { Model } from '../../core/ports.ts';
import { setAfterAuditLogWrittenHookForTests } from '../audit-command.ts';
import { nodeAuditKey } from '../audit-key.ts';
import { registerInFolder, setRegistrationStepHookForTests } from '../model-registry-folder.ts';

const [dir, step, keyHex, fingerprint] = process.argv.slice(2);
const die = () => process.kill(process.pid, 'SIGKILL');
if (step.startsWith('audit-log-written:')) {
  let n = Number(step.split(':')[1]);
  setAfterAuditLogWrittenHookForTests(() => {
    if (--n === 0) die();
  });
} else {
  setRegistrationStepHookForTests((s) => {
    if (s === step) die();
  });
}
const model: Model = {
  kind: 'logistic-regression',
  hyperParams: { C: 1 },
  featureNames: ['kpi_score'],
  featurizer: { columns: [{ name: 'kpi_score', type: 'number' }] },
  state: { weights: new Float64Array([0.25, -1.5]) },
  target: { column: 'promoted', positive: '1' },
  fingerprint,
} as Model;
await registerInFolder(dir, [{ name: 'Promotion model', model, metrics: { auc: 0.8 }, fairness: [], pipeline: { name: 'P', nodeId: 'n' } }], {
  auditKey: nodeAuditKey(Buffer.from(keyHex, 'hex')),
});
console.log('finished without being stopped');
