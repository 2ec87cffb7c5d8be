/**
 * The CLI's audit key: 32 random bytes (64 hex characters) in a file readable only by its owner, kept
 * outside every output folder, so that whoever can write an audit log cannot also forge it.
 *
 *   --audit-key <file>  >  $CRISPFLOW_AUDIT_KEY_FILE  >  $XDG_CONFIG_HOME/crispflow/audit.key (~/.config/…)
 *
 * Writing commands create the key on first use (mode 0600, folder 0700); `audit verify` only reads it.
 * A key file that group or others can read is refused: anyone who can read it can forge entries.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { mkdir, readFile, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { KEY_ID_LABEL, type AuditMacKey } from '../governance/audit/mac.ts';
import { createFileExclusive } from '../fs/atomic-write.ts';

export const AUDIT_KEY_ENV = 'CRISPFLOW_AUDIT_KEY_FILE';

/** The key file cannot be used (unsafe permissions, wrong content, unreadable): the message says what to do. */
export class AuditKeyError extends Error {}

export function auditKeyPath(option?: string): string {
  if (option) return path.resolve(option);
  const fromEnv = process.env[AUDIT_KEY_ENV];
  if (fromEnv) return path.resolve(fromEnv);
  const config = process.env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config');
  return path.join(config, 'crispflow', 'audit.key');
}

/** An AuditMacKey over raw key bytes, with node:crypto. */
export function nodeAuditKey(bytes: Uint8Array): AuditMacKey {
  const mac = (text: string) => createHmac('sha256', bytes).update(text, 'utf8').digest('hex');
  return { id: mac(KEY_ID_LABEL).slice(0, 16), mac: async (text) => mac(text) };
}

const KEY_TEXT = /^[0-9a-f]{64}$/;

async function readKeyFile(file: string): Promise<AuditMacKey> {
  const s = await stat(file);
  if (!s.isFile()) throw new AuditKeyError(`The audit key ${file} is not a file.`);
  // Windows has no such permission bits; elsewhere the key must be the owner's alone.
  if (process.platform !== 'win32') {
    if ((s.mode & 0o077) !== 0) {
      throw new AuditKeyError(
        `The audit key ${file} can be read or changed by other users (mode ${(s.mode & 0o777).toString(8).padStart(4, '0')}): anyone who can read it can forge audit entries. ` +
          `Make it private with "chmod 600 ${file}" (and check nobody copied it), then run again.`,
      );
    }
    const uid = process.getuid?.();
    if (uid !== undefined && s.uid !== uid) {
      throw new AuditKeyError(`The audit key ${file} belongs to another user (uid ${s.uid}); use your own key with --audit-key <file> or ${AUDIT_KEY_ENV}.`);
    }
  }
  const text = (await readFile(file, 'utf8')).trim();
  if (!KEY_TEXT.test(text)) {
    throw new AuditKeyError(`The audit key ${file} does not hold a key (64 lower-case hexadecimal characters). Restore it from your backup; a new key cannot verify logs written with the old one.`);
  }
  return nodeAuditKey(Buffer.from(text, 'hex'));
}

/**
 * The key at `file`; with `create`, a new one is made when none exists (exclusively: two first runs at
 * once end up with the same key). Returns undefined when the file does not exist and `create` is off.
 */
export async function loadAuditKey(file: string, o: { create: boolean; onCreate?: (file: string) => void }): Promise<AuditMacKey | undefined> {
  try {
    return await readKeyFile(file);
  } catch (e) {
    if (e instanceof AuditKeyError) throw e;
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new AuditKeyError(`Cannot read the audit key ${file}: ${(e as Error).message}.`);
  }
  if (!o.create) return undefined;
  try {
    await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    const created = await createFileExclusive(file, randomBytes(32).toString('hex') + '\n', { mode: 0o600 });
    if (created) o.onCreate?.(file);
  } catch (e) {
    throw new AuditKeyError(`Cannot create the audit key ${file}: ${(e as Error).message}. Choose another place with --audit-key <file> or ${AUDIT_KEY_ENV}.`);
  }
  return readKeyFile(file);
}

/** The message printed once when a key is created. */
export const keyCreatedMessage = (file: string) =>
  `Created the audit key ${file} (readable only by you). Keep it private and back it up: audit logs written with it can only be verified with it.`;

/** The key for commands that write audit entries: created on first use, with a note on stderr. */
export async function auditKeyForWriting(keyFile?: string): Promise<AuditMacKey> {
  const key = await loadAuditKey(auditKeyPath(keyFile), { create: true, onCreate: (f) => console.error(keyCreatedMessage(f)) });
  return key!;
}
