// Memory settings for the heavy commands (`run`, `review apply`), which only take effect when a process
// starts: so bin/crispflow.mjs runs those commands in a child process started with them. Measured on the
// resume-screening template (10,000 resumes): peak RSS 469 MB -> 337 MB at the same CPU time (before --expose-gc).
//  - MALLOC_ARENA_MAX=2: glibc gives every thread (each pool worker) its own malloc arenas, and the
//    column buffers that workers allocate and the main thread frees leave them fragmented;
//  - MALLOC_MMAP_THRESHOLD_=131072: large buffers always come from mmap and go back to the system when
//    freed (glibc otherwise raises the threshold after the first large free and keeps them in its heap);
//  - --max-semi-space-size=2 (MiB): V8's young generation of the main thread; short-lived objects there
//    are small, and the default 16 MiB semi-spaces stay committed (the workers get the same through
//    resourceLimits, see src/runtime/node/node-pool.ts);
//  - --expose-gc: the run collects garbage between steps (src/runtime/collect-garbage.ts), so the tables a
//    finished step dropped are freed at once (320 -> 230 MB on the same template, same CPU time).
// Values the user set (environment, NODE_OPTIONS, node flags) are kept. CRISPFLOW_MEMORY_SETTINGS=off
// runs everything in one process. Signals reach the child once: it runs in its own process group, and this
// process forwards SIGINT, SIGTERM and SIGHUP; if this process dies, the child stops (its IPC channel closes).
import { spawn } from 'node:child_process';

const MARK = 'CRISPFLOW_MEMORY_SETTINGS';
const HEAVY = new Set(['run', 'review']);

/** True in the child started by runWithMemorySettings. */
export const isMemoryTunedChild = () => process.env[MARK] === 'applied';

/** Whether to start the command in a child with the memory settings. */
export function wantsMemorySettings(argv) {
  if (process.env[MARK] === 'off' || isMemoryTunedChild()) return false;
  // The command is the first argument that is not an option; an option's value may come first, so any
  // heavy command name counts (a file named "run" only costs the start of a second process).
  return argv.some((a) => HEAVY.has(a));
}

/** In the child: stop when the parent is gone (its IPC channel closed), without keeping the loop alive. */
export function followParent() {
  if (!process.connected) return;
  process.channel?.unref();
  process.on('disconnect', () => {
    process.exitCode = 1;
    process.kill(process.pid, 'SIGTERM');
  });
}

/** Runs bin/crispflow.mjs again in a child process with the memory settings; resolves to its exit code. */
export function runWithMemorySettings(binFile, argv) {
  const env = { ...process.env, [MARK]: 'applied' };
  env.MALLOC_ARENA_MAX ??= '2';
  env.MALLOC_MMAP_THRESHOLD_ ??= '131072';
  const userFlags = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].join(' ');
  const flags = [...(userFlags.includes('semi-space') ? [] : ['--max-semi-space-size=2']), ...(userFlags.includes('expose-gc') ? [] : ['--expose-gc'])];
  const child = spawn(process.execPath, [...process.execArgv, ...flags, binFile, ...argv], {
    env,
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    // Its own process group: a Ctrl-C reaches it once, through the forwarding below.
    detached: true,
  });
  const forward = (signal) => () => {
    try {
      child.kill(signal);
    } catch {
      // Already gone.
    }
  };
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  const handlers = signals.map((s) => [s, forward(s)]);
  for (const [s, h] of handlers) process.on(s, h);
  return new Promise((resolve) => {
    child.on('error', (e) => {
      console.error(`crispflow: could not start the command: ${e.message}`);
      resolve(5);
    });
    child.on('exit', (code, signal) => {
      for (const [s, h] of handlers) process.off(s, h);
      // Ended by a signal (e.g. a forwarded SIGTERM): end this process the same way, as one process would.
      if (signal) process.kill(process.pid, signal);
      else resolve(code ?? 1);
    });
  });
}
