/**
 * The workspace's node packages, from its settings file `crispflow-workspace.json` (the file that marks
 * the folder as a workspace):
 *
 *   { "format": "crispflow-workspace/1", "nodePackages": ["../acme-nodes", "@acme/crispflow-nodes"] }
 *
 * Each entry is a folder (relative to the workspace folder, or absolute) or the name of an npm package
 * installed where the workspace folder can see it, as `crispflow --nodes` takes them. A file that cannot
 * be read this way stops the studio with a message naming the file, the field and what to write.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { WORKSPACE_MARKER, WorkspaceError } from '../workspace/workspace.ts';

export const NODE_PACKAGES_FIELD = 'nodePackages';

/** A package to open: what was written, where it came from, and the folder a relative path starts from. */
export interface NodePackageSpec {
  spec: string;
  from: 'workspace' | '--nodes';
  cwd: string;
}

const EXAMPLE = `"${NODE_PACKAGES_FIELD}": ["../acme-nodes", "@acme/crispflow-nodes"]`;

/** The specs listed in `<root>/crispflow-workspace.json` (none when the field is absent). */
export async function readWorkspaceNodePackages(root: string): Promise<NodePackageSpec[]> {
  const file = path.join(root, WORKSPACE_MARKER);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new WorkspaceError(`Cannot read the workspace settings ${file}: ${(e as Error).message}.`);
  }
  let settings: unknown;
  try {
    settings = JSON.parse(text);
  } catch (e) {
    throw new WorkspaceError(`The workspace settings ${file} are not valid JSON (${(e as Error).message}); fix the file (it lists the workspace's node packages as ${EXAMPLE}).`);
  }
  if (!settings || typeof settings !== 'object' || Array.isArray(settings)) {
    throw new WorkspaceError(`The workspace settings ${file} must hold a JSON object, e.g. { ${EXAMPLE} }.`);
  }
  const list = (settings as Record<string, unknown>)[NODE_PACKAGES_FIELD];
  if (list === undefined) return [];
  if (!Array.isArray(list)) {
    throw new WorkspaceError(`"${NODE_PACKAGES_FIELD}" in ${file} must be a list of folder paths (relative to the workspace) or npm package names, e.g. ${EXAMPLE}; it is ${describe(list)}.`);
  }
  const seen = new Map<string, number>();
  return list.map((entry, i) => {
    const at = `"${NODE_PACKAGES_FIELD}"[${i}] in ${file}`;
    if (typeof entry !== 'string' || entry.trim() === '') {
      throw new WorkspaceError(`${at} must be a folder path or an npm package name (a non-empty string); it is ${describe(entry)}.`);
    }
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f\u007f]/.test(entry)) throw new WorkspaceError(`${at} contains a control character; write the folder or package name as plain text.`);
    if (entry !== entry.trim()) throw new WorkspaceError(`${at} (${JSON.stringify(entry)}) starts or ends with spaces; remove them.`);
    const first = seen.get(entry);
    if (first !== undefined) throw new WorkspaceError(`${at} names ${JSON.stringify(entry)} again (already entry ${first}); list each package once.`);
    seen.set(entry, i);
    return { spec: entry, from: 'workspace' as const, cwd: root };
  });
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'string') return `the text ${JSON.stringify(v.slice(0, 60))}`;
  return `a ${typeof v}`;
}
