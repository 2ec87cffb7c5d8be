/** Progress on stderr: a redrawn bar on a terminal, plain timestamped lines otherwise (logs, CI). */
export interface ProgressEvent {
  nodeId: string;
  status: string;
  progress?: number;
  note?: string;
  ms?: number;
  message?: string;
}

export function createProgressReporter(stream: NodeJS.WriteStream, total: number) {
  const tty = Boolean(stream.isTTY);
  const done = new Set<string>();
  const running = new Map<string, number>();
  let lastDraw = 0;

  const draw = (force = false) => {
    const now = Date.now();
    if (!force && now - lastDraw < 80) return;
    lastDraw = now;
    const width = 24;
    const fraction = total === 0 ? 1 : (done.size + [...running.values()].reduce((a, b) => a + b, 0)) / total;
    const filled = Math.round(Math.min(1, fraction) * width);
    const active = [...running.entries()].map(([id, p]) => `${id} ${Math.round(p * 100)}%`).join(', ');
    const line = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done.size}/${total} ${active}`;
    stream.write(`\r\x1b[2K${line.slice(0, (stream.columns ?? 100) - 1)}`);
  };
  const plain = (e: ProgressEvent) => {
    const time = new Date().toISOString().slice(11, 19);
    const extra = e.ms !== undefined ? ` ${Math.round(e.ms)} ms` : '';
    const msg = e.message ? ` — ${e.message}` : '';
    stream.write(`${time} ${e.nodeId} ${e.status}${extra}${msg}\n`);
  };

  return {
    event(e: ProgressEvent) {
      if (e.status === 'running') {
        const first = !running.has(e.nodeId);
        running.set(e.nodeId, e.progress ?? 0);
        if (tty) draw();
        else if (first) plain(e);
        return;
      }
      if (e.status === 'queued') return;
      running.delete(e.nodeId);
      done.add(e.nodeId);
      if (tty) {
        if (e.status === 'error') {
          stream.write(`\r\x1b[2K${e.nodeId} failed: ${e.message ?? ''}\n`);
        }
        draw(true);
      } else plain(e);
    },
    /** A node's log line; warnings are marked. On a terminal it prints above the bar. */
    log(nodeId: string, message: string, level: 'info' | 'warn') {
      const text = `${nodeId}: ${level === 'warn' ? 'warning: ' : ''}${message}`;
      if (tty) {
        stream.write(`\r\x1b[2K${text}\n`);
        draw(true);
      } else stream.write(`${new Date().toISOString().slice(11, 19)} ${text}\n`);
    },
    finish() {
      if (tty) stream.write('\n');
    },
  };
}
