/**
 * Every exit code the `crispflow` command can end with (DESIGN.md: "listed in one module and in the README").
 * Kept apart from main.ts so commands can import it without an import cycle through the entry point.
 *
 *   0 ok                everything succeeded (validate: no errors; audit verify: the log is intact)
 *   1 failed            a node failed at run time; validate found an error; audit verify found a bad entry;
 *                       review apply rejected the decisions file; serve could not train its model
 *   2 usage             bad usage (unknown command or option, missing file) or an invalid pipeline; nothing ran
 *   3 waitingForReview  the run stopped at a human-review node; `crispflow review apply` resumes it
 *   4 (reserved)        monitoring alerts, once `crispflow monitor` exists; not used yet
 *   5 internalError     an unexpected error inside Crispflow (a bug): reported in one line, with the stack
 *                       trace only when CRISPFLOW_DEBUG=1
 */
export const EXIT = {
  ok: 0,
  nodeFailed: 1,
  usage: 2,
  waitingForReview: 3,
  /** Reserved for monitoring alerts (a later issue); nothing returns it yet. */
  monitoringAlert: 4,
  internalError: 5,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

const DOCUMENTED = new Set<number>(Object.values(EXIT));

/** True for a code listed above; main() maps anything else to internalError. */
export const isDocumentedExitCode = (code: unknown): code is ExitCode => typeof code === 'number' && DOCUMENTED.has(code);
