/** The CLI ends only with documented exit codes, whatever a command does (issue 12, item 4). */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EXIT, isDocumentedExitCode } from './exit-codes.ts';

const validateCommand = vi.hoisted(() => vi.fn<() => Promise<number>>());
vi.mock('./validate-command.ts', () => ({ validateCommand }));

const { main } = await import('./main.ts');

function captureStderr() {
  const lines: string[] = [];
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void lines.push(args.join(' ')));
  return lines;
}

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

describe('exit codes', () => {
  it('are the documented ones: 0, 1, 2, 3, 4 (monitoring alert) and 5', () => {
    expect(EXIT).toEqual({ ok: 0, nodeFailed: 1, usage: 2, waitingForReview: 3, monitoringAlert: 4, internalError: 5 });
    expect([0, 1, 2, 3, 4, 5].every(isDocumentedExitCode)).toBe(true);
    for (const other of [6, 13, -1, 1.5, '0', undefined]) expect(isDocumentedExitCode(other)).toBe(false);
  });

  it('an unexpected error becomes 5 with one clear line and no stack trace', async () => {
    validateCommand.mockRejectedValueOnce(new TypeError("Cannot read properties of undefined (reading 'nodes')"));
    const stderr = captureStderr();
    expect(await main(['validate', 'x.pipeline.json'])).toBe(EXIT.internalError);
    expect(stderr[0]).toBe("crispflow: internal error: Cannot read properties of undefined (reading 'nodes')");
    expect(stderr.join('\n')).toMatch(/CRISPFLOW_DEBUG=1/);
    expect(stderr.join('\n')).not.toMatch(/\n\s+at /);
  });

  it('CRISPFLOW_DEBUG=1 adds the stack trace', async () => {
    vi.stubEnv('CRISPFLOW_DEBUG', '1');
    validateCommand.mockRejectedValueOnce(new Error('boom'));
    const stderr = captureStderr();
    expect(await main(['validate', 'x.pipeline.json'])).toBe(EXIT.internalError);
    expect(stderr.join('\n')).toMatch(/Error: boom\n\s+at /);
  });

  it('an undocumented code from a command becomes 5, saying which it was', async () => {
    validateCommand.mockResolvedValueOnce(13);
    const stderr = captureStderr();
    expect(await main(['validate', 'x.pipeline.json'])).toBe(EXIT.internalError);
    expect(stderr[0]).toMatch(/undocumented code 13/);
  });

  it('documented codes pass through unchanged', async () => {
    validateCommand.mockResolvedValueOnce(EXIT.nodeFailed);
    expect(await main(['validate', 'x.pipeline.json'])).toBe(EXIT.nodeFailed);
  });
});
