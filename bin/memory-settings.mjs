// Memory settings for the heavy commands (`run`, `review apply`), applied in this process before the
// command's modules load and its workers start: V8's gc() is exposed, as --expose-gc would, to the main
// thread and to every worker started afterwards (worker isolates read the flag when they are created), so
// the run can free the tables a finished step dropped at once (src/runtime/collect-garbage.ts). The workers'
// young generation is set through resourceLimits (src/runtime/node/node-pool.ts).
//
// Until 2026-12-08 these commands ran in a child process started with --expose-gc, --max-semi-space-size=2,
// MALLOC_ARENA_MAX=2 and MALLOC_MMAP_THRESHOLD_=131072 (settings that only take effect when a process
// starts). Measured on the resume-screening template (10,000 resumes) in A/B pairs on a loaded machine, each
// left out on its own: the child process cost ~75 ms of wall time and ~1 % CPU; the malloc settings ~4 % of
// the CPU time (every buffer over 128 KB mmapped and unmapped, its pages faulted in afresh) for ~22 MB of
// peak; the 2 MiB main-thread semi-space ~0.5 % (26 ms of scavenges while the modules load) for 10-30 MB.
// With collections scaled to the live memory (collect-garbage.ts) the peaks stay within the targets, so one
// process with gc() exposed at run time replaced the child. Resume 1x, A/B pairs against the child on the
// same code: CPU 0.97x, wall 0.965x (3.13 vs 3.31 s), peak ~295 MB instead of ~237 (Python 255; single runs
// on a loaded machine up to 338); attrition 1x ~232 MB (Python 235), resume 10x 1151 MB (Python 1167),
// attrition 10x 727 MB (Python 1049). With no settings at all a run is ~3.5 % faster still but peaks at
// ~341 MB on resume 1x; collecting in the workers only saved nothing measurable (+30 MB).
//
// CRISPFLOW_MEMORY_SETTINGS=off leaves V8 as it is (no forced collections). Node options the user set
// (NODE_OPTIONS, node flags: --expose-gc, --max-semi-space-size, ...) and malloc's environment variables
// apply as given.
import v8 from 'node:v8';
import vm from 'node:vm';

const HEAVY = new Set(['run', 'review']);

/** Whether the command gets the memory settings. */
export function wantsMemorySettings(argv) {
  if (process.env.CRISPFLOW_MEMORY_SETTINGS === 'off') return false;
  // The command is the first argument that is not an option; an option's value may come first, so any
  // heavy command name counts (a file named "run" only costs an exposed, unused gc()).
  return argv.some((a) => HEAVY.has(a));
}

/**
 * Exposes gc() on this thread's global object and on every worker thread started from now on. Call it
 * before any worker starts.
 */
export function applyMemorySettings() {
  if (typeof globalThis.gc === 'function') return;
  v8.setFlagsFromString('--expose-gc');
  // Contexts created from now on get gc(), this thread's existing one does not: take it from a new
  // context (it collects the whole isolate's heap, as the global one would).
  globalThis.gc = vm.runInNewContext('gc');
}
