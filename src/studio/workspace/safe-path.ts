/**
 * Names from requests become paths only through here. A name is refused when it could leave its folder:
 * absolute paths, `..` or `.` segments, backslashes, NUL and other control characters, empty segments,
 * and (after resolving) any path whose real location — symlinks followed — is outside the folder.
 * Route parameters are already percent-decoded once, so `%2e%2e` arrives as `..` and is refused here;
 * a doubly encoded `%252e%252e` arrives as the literal name `%2e%2e`, which is a harmless file name.
 */
import { lstat, realpath } from 'node:fs/promises';
import path from 'node:path';
import { ApiError } from '../api/router.ts';

const MAX_NAME_LENGTH = 200;

/** Why `name` cannot be a file name inside a workspace folder, or null. `allowSubfolders` lets `a/b.csv` through. */
export function unsafeNameProblem(name: string, o: { allowSubfolders?: boolean } = {}): string | null {
  if (name.length === 0) return 'The name is empty.';
  if (name.length > MAX_NAME_LENGTH) return `The name is longer than ${MAX_NAME_LENGTH} characters.`;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'The name contains a control character.';
  if (name.includes('\\')) return 'The name contains a backslash; use plain file names.';
  if (path.isAbsolute(name) || /^[A-Za-z]:/.test(name)) return 'The name is an absolute path; use a name inside the workspace.';
  const segments = name.split('/');
  if (!o.allowSubfolders && segments.length > 1) return 'The name contains "/"; use a plain file name.';
  for (const s of segments) {
    if (s === '' || s === '.' || s === '..') return `The name has a "${s || '//'}" part, which could leave the workspace folder.`;
    if (s.startsWith('.')) return 'Names starting with "." are reserved (hidden and temporary files).';
  }
  return null;
}

const inside = (root: string, p: string) => p === root || p.startsWith(root.endsWith(path.sep) ? root : root + path.sep);

/**
 * The absolute path of `name` inside `folder` (which must exist and be given as its real path). Throws
 * ApiError 400 for an unsafe name, 403 when the resolved path or its real location (symlinks followed) is
 * outside the folder. The file itself need not exist; when it does and is a symlink, its target must be inside.
 */
export async function resolveInside(folder: string, name: string, o: { allowSubfolders?: boolean; what?: string } = {}): Promise<string> {
  const what = o.what ?? 'name';
  const problem = unsafeNameProblem(name, o);
  if (problem) throw new ApiError(400, `The ${what} ${JSON.stringify(name.slice(0, 100))} is refused: ${problem.charAt(0).toLowerCase()}${problem.slice(1)}`);
  const full = path.resolve(folder, name);
  if (!inside(folder, full)) throw new ApiError(403, `The ${what} ${JSON.stringify(name.slice(0, 100))} points outside the workspace.`);
  // Walk up to the deepest part that exists and check where it really is.
  let probe = full;
  for (;;) {
    try {
      await lstat(probe);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      const parent = path.dirname(probe);
      if (parent === probe) break;
      probe = parent;
    }
  }
  const real = await realpath(probe);
  if (!inside(folder, real)) throw new ApiError(403, `The ${what} ${JSON.stringify(name.slice(0, 100))} leads outside the workspace (through a symbolic link), so it is refused.`);
  return full;
}
