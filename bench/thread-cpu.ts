import { readFileSync } from 'node:fs';

/** This thread's CPU ms (utime + stime from /proc/thread-self; NaN where there is no /proc). */
export function threadCpuMs(): number {
  try {
    const stat = readFileSync('/proc/thread-self/stat', 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * 10;
  } catch {
    return NaN;
  }
}
