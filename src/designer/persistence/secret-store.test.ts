import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openCrispflowDb } from './db.ts';
import { browserSecretStore, PSEUDONYM_KEY_ID } from './secret-store.ts';

let n = 0;

describe('designer secret store', () => {
  it('makes a 32-byte pseudonymisation key once and keeps it in IndexedDB for every tab', async () => {
    const name = `secret-store-test-${++n}`;
    const a = browserSecretStore(() => openCrispflowDb(name));
    const b = browserSecretStore(() => openCrispflowDb(name));
    const [ka, kb] = await Promise.all([a.read(PSEUDONYM_KEY_ID), b.read(PSEUDONYM_KEY_ID)]);
    expect(ka.length).toBe(32);
    expect(Array.from(kb)).toEqual(Array.from(ka));
    const later = await browserSecretStore(() => openCrispflowDb(name)).read(PSEUDONYM_KEY_ID);
    expect(Array.from(later)).toEqual(Array.from(ka));
    const other = await browserSecretStore(() => openCrispflowDb(`secret-store-test-${++n}`)).read(PSEUDONYM_KEY_ID);
    expect(Array.from(other)).not.toEqual(Array.from(ka));
    await expect(a.read('audit-key')).rejects.toThrow(/no workspace secret named "audit-key"/);
  });
});
