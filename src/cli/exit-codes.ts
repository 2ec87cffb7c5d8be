/**
 * Every exit code the `crispflow` command can end with (DESIGN.md: "listed in one module and in the README").
 * Kept apart from main.ts so commands can import it without an import cycle through the entry point.
 *
 *   0 ok                everything succeeded (validate: no errors; audit verify: the log is intact)
 *   1 failed            a node failed at run time; validate found an error; audit verify found a bad entry;
 *                       review apply rejected the decisions file; serve could not train its model; approve refused
 *                       the promotion (four eyes); retrain could not make a challenger; score --shard: the shard
 *                       failed (its missing input file named); score merge: shards missing or failed (named, nothing
 *                       written); run --collect: a node no step reported
 *   2 usage             bad usage (unknown command or option, missing file) or an invalid pipeline; nothing ran;
 *                       monitor/score: a batch lacking model features (named) or an unknown model version or kind;
 *                       score --shard out of range; export --target argo|kfp: a node that cannot run as a step (named)
 *   3 waitingForReview  the run stopped at a human-review node; `crispflow review apply` resumes it
 *   4 monitoringAlert   `crispflow monitor` audited the batch and at least one alert fired (drift, four fifths,
 *                       realised AUC or calibration); the monitoring records were written (docs/monitoring.md)
 *   5 internalError     an unexpected error inside Crispflow (a bug): reported in one line, with the stack
 *                       trace only when CRISPFLOW_DEBUG=1
 */
export const EXIT = {
  ok: 0,
  nodeFailed: 1,
  usage: 2,
  waitingForReview: 3,
  /** `crispflow monitor`: an alert fired (the records were kept). */
  monitoringAlert: 4,
  internalError: 5,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

const DOCUMENTED = new Set<number>(Object.values(EXIT));

/** True for a code listed above; main() maps anything else to internalError. */
export const isDocumentedExitCode = (code: unknown): code is ExitCode => typeof code === 'number' && DOCUMENTED.has(code);
