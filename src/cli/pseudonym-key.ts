/**
 * The CLI's pseudonymisation key (the workspace secret "pseudonym-key" of the pseudonymize node): 32
 * random bytes (64 hex characters) in a file readable only by its owner, never in pipeline files,
 * outputs or logs.
 *
 *   $CRISPFLOW_PSEUDONYM_KEY_FILE  >  $XDG_CONFIG_HOME/crispflow/pseudonym.key (~/.config/…)
 *
 * Created on first use (mode 0600, folder 0700) with a note on stderr; a key file that group or others
 * can read is refused (whoever holds the key can link tokens back to guessed values).
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { SecretStore } from '../core/node-definition.ts';
import { createFileExclusive } from '../fs/atomic-write.ts';

export const PSEUDONYM_KEY_ENV = 'CRISPFLOW_PSEUDONYM_KEY_FILE';
export const PSEUDONYM_SECRET = 'pseudonym-key';

export class PseudonymKeyError extends Error {}

export function pseudonymKeyPath(): string {
  const fromEnv = process.env[PSEUDONYM_KEY_ENV];
  if (fromEnv) return path.resolve(fromEnv);
  const config = process.env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config');
  return path.join(config, 'crispflow', 'pseudonym.key');
}

const KEY_TEXT = /^[0-9a-f]{64}$/;

async function readKeyFile(file: string): Promise<Uint8Array> {
  const s = await stat(file);
  if (!s.isFile()) throw new PseudonymKeyError(`The pseudonymisation key ${file} is not a file.`);
  if (process.platform !== 'win32') {
    if ((s.mode & 0o077) !== 0) {
      throw new PseudonymKeyError(
        `The pseudonymisation key ${file} can be read or changed by other users (mode ${(s.mode & 0o777).toString(8).padStart(4, '0')}): whoever holds it can link tokens back to names. ` +
          `Make it private with "chmod 600 ${file}", then run again.`,
      );
    }
    const uid = process.getuid?.();
    if (uid !== undefined && s.uid !== uid) throw new PseudonymKeyError(`The pseudonymisation key ${file} belongs to another user (uid ${s.uid}); use your own with ${PSEUDONYM_KEY_ENV}.`);
  }
  const text = (await readFile(file, 'utf8')).trim();
  if (!KEY_TEXT.test(text)) {
    throw new PseudonymKeyError(`The pseudonymisation key ${file} does not hold a key (64 lower-case hexadecimal characters). Restore it from your backup: another key gives other tokens.`);
  }
  return Uint8Array.from(Buffer.from(text, 'hex'));
}

/** The key at `file`, made (exclusively, so two first runs share one) when there is none. */
export async function loadPseudonymKey(file: string, onCreate?: (file: string) => void): Promise<Uint8Array> {
  try {
    return await readKeyFile(file);
  } catch (e) {
    if (e instanceof PseudonymKeyError) throw e;
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new PseudonymKeyError(`Cannot read the pseudonymisation key ${file}: ${(e as Error).message}.`);
  }
  try {
    await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    if (await createFileExclusive(file, randomBytes(32).toString('hex') + '\n', { mode: 0o600 })) onCreate?.(file);
  } catch (e) {
    throw new PseudonymKeyError(`Cannot create the pseudonymisation key ${file}: ${(e as Error).message}. Choose another place with ${PSEUDONYM_KEY_ENV}.`);
  }
  return readKeyFile(file);
}

export const pseudonymKeyCreatedMessage = (file: string) =>
  `Created the pseudonymisation key ${file} (readable only by you). Back it up: the same values get the same tokens only with the same key.`;

/** The CLI's secret store: the key file, read once per run, created on first use. */
export function cliSecretStore(): SecretStore {
  let key: Promise<Uint8Array> | undefined;
  return {
    read(name) {
      if (name !== PSEUDONYM_SECRET) return Promise.reject(new Error(`The command line keeps no workspace secret named "${name}".`));
      key ??= loadPseudonymKey(pseudonymKeyPath(), (f) => console.error(pseudonymKeyCreatedMessage(f)));
      return key;
    },
  };
}
