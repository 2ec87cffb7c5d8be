/**
 * Where a connection's secrets come from: an environment variable named in the connection file
 * ("apiKey": "env:BAMBOOHR_API_KEY"), or the workspace secrets file `<workspace>/secrets.json`
 * ({ "<connection>": { "<secret key>": "<value>" } }), which must be readable by its owner only (mode 0600):
 * a file that group or others can read is refused. Secret values never go into connection files, snapshots,
 * logs or messages, and the studio API only ever says whether one is set.
 */
import { mkdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../fs/atomic-write.ts';
import { ConnectorError } from './types.ts';

export const SECRETS_FILE = 'secrets.json';
const ENV_REF = /^env:([A-Za-z_][A-Za-z0-9_]*)$/;

export type SecretStore = Record<string, Record<string, string>>;

export function secretsFileOf(workspace: string): string {
  return path.join(workspace, SECRETS_FILE);
}

/** The workspace secrets, or {} when the file does not exist. Refuses a file others can read. */
export async function readSecretStore(workspace: string): Promise<SecretStore> {
  const file = secretsFileOf(workspace);
  let s;
  try {
    s = await stat(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw e;
  }
  if (process.platform !== 'win32' && (s.mode & 0o077) !== 0) {
    throw new ConnectorError(
      `The secrets file ${file} can be read by ${[s.mode & 0o070 && 'its group', s.mode & 0o007 && 'other users'].filter(Boolean).join(' and ')} (mode ${(s.mode & 0o777).toString(8).padStart(3, '0')}); it was not used. Make it readable only by you: chmod 600 "${file}".`,
      'settings',
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (e) {
    // The parser's message could quote part of the file: say only where it is.
    throw new ConnectorError(`The secrets file ${file} is not valid JSON (${(e as Error).name}); fix or remove it.`, 'settings');
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) throw new ConnectorError(`The secrets file ${file} must hold an object of connections.`, 'settings');
  const out: SecretStore = Object.create(null) as SecretStore;
  for (const [conn, v] of Object.entries(json as Record<string, unknown>)) {
    if (!v || typeof v !== 'object' || Array.isArray(v)) continue;
    const entry: Record<string, string> = Object.create(null) as Record<string, string>;
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) if (typeof x === 'string') entry[k] = x;
    out[conn] = entry;
  }
  return out;
}

/** Sets (value) or removes (undefined) one secret of a connection; the file is written 0600, atomically. */
export async function updateSecret(workspace: string, connection: string, key: string, value: string | undefined): Promise<void> {
  const store = await readSecretStore(workspace);
  const entry = { ...(store[connection] ?? {}) };
  if (value === undefined || value === '') delete entry[key];
  else entry[key] = value;
  const next: SecretStore = { ...store, [connection]: entry };
  if (Object.keys(entry).length === 0) delete next[connection];
  await mkdir(workspace, { recursive: true });
  await writeFileAtomic(secretsFileOf(workspace), `${JSON.stringify(next, null, 2)}\n`, { mode: 0o600 });
}

/** Removes every secret of a connection (when the connection is deleted). */
export async function removeConnectionSecrets(workspace: string, connection: string): Promise<void> {
  const store = await readSecretStore(workspace);
  if (!(connection in store)) return;
  delete store[connection];
  await writeFileAtomic(secretsFileOf(workspace), `${JSON.stringify(store, null, 2)}\n`, { mode: 0o600 });
}

export function isEnvReference(value: string): boolean {
  return ENV_REF.test(value);
}

/**
 * The secret values a connection needs, by key: an `env:NAME` reference from the connection file is read
 * from the environment, otherwise the workspace secrets file's entry for the connection is used.
 */
export function resolveSecrets(
  connection: string,
  keys: readonly string[],
  refs: Record<string, string>,
  store: SecretStore,
  env: NodeJS.ProcessEnv = process.env,
): { values: Record<string, string>; sources: Record<string, string> } {
  const values: Record<string, string> = {};
  const sources: Record<string, string> = {};
  for (const key of keys) {
    const ref = refs[key];
    if (ref !== undefined) {
      const m = ENV_REF.exec(ref);
      if (!m) throw new ConnectorError(`Connection "${connection}": secrets.${key} must be a reference like "env:NAME", not a value (connection files must not hold secrets).`, 'settings');
      const v = env[m[1]];
      if (v === undefined || v === '') {
        throw new ConnectorError(`Connection "${connection}": the secret "${key}" comes from the environment variable ${m[1]}, which is not set. Set it before running the pull.`, 'settings');
      }
      values[key] = v;
      sources[key] = `env:${m[1]}`;
      continue;
    }
    const v = store[connection]?.[key];
    if (v) {
      values[key] = v;
      sources[key] = 'workspace';
    }
  }
  return { values, sources };
}
