/**
 * Test helper process: `crispflow review apply <out> <decisions.csv>` that kills itself with SIGKILL right
 * after the decisions are in the audit log and before run-state.json records them.
 *   node --import tsx review-apply-and-crash.ts <out> <decisions.csv>
 */
import { reviewApplyCommand, setAfterDecisionsRecordedHookForTests } from '../review-command.ts';

const [outDir, decisionsFile] = process.argv.slice(2);
setAfterDecisionsRecordedHookForTests(() => process.kill(process.pid, 'SIGKILL'));
await reviewApplyCommand({ outDir, decisionsFile });
console.log('finished without being stopped');
