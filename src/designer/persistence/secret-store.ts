/**
 * The designer's workspace secrets (the pseudonymize node's key), kept in this site's IndexedDB `meta`
 * store and never in pipelines, results or exports. The key is 32 random bytes made on first use; the
 * node computes HMAC-SHA-256 on the bytes in its worker, so they are stored as bytes (same-origin only:
 * the app's Content Security Policy lets no other origin run script here).
 */
import type { SecretStore } from '../../core/node-definition.ts';
import { openCrispflowDb, type CrispflowDatabase } from './db.ts';

export const PSEUDONYM_KEY_ID = 'pseudonym-key';

async function readOrCreateKey(db: CrispflowDatabase): Promise<Uint8Array> {
  const stored = await db.get('meta', PSEUDONYM_KEY_ID);
  if (stored?.bytes instanceof Uint8Array && stored.bytes.length >= 16) return stored.bytes;
  const fresh = crypto.getRandomValues(new Uint8Array(32));
  // two tabs at once: `add` lets only the first in, and both use the stored key
  await db.add('meta', { id: PSEUDONYM_KEY_ID, bytes: fresh, createdAt: new Date().toISOString() }).catch((e: Error) => {
    if (e.name !== 'ConstraintError') throw e;
  });
  const now = await db.get('meta', PSEUDONYM_KEY_ID);
  if (!(now?.bytes instanceof Uint8Array)) throw new Error('The pseudonymisation key could not be stored in this browser (IndexedDB refused it).');
  return now.bytes;
}

/** The secret store runs use in the designer: the key is read (or made) once per page. */
export function browserSecretStore(openDb: () => Promise<CrispflowDatabase> = () => openCrispflowDb()): SecretStore {
  let key: Promise<Uint8Array> | undefined;
  return {
    read(name) {
      if (name !== PSEUDONYM_KEY_ID) return Promise.reject(new Error(`The designer keeps no workspace secret named "${name}".`));
      key ??= openDb().then(readOrCreateKey);
      key.catch(() => (key = undefined));
      return key;
    },
  };
}
