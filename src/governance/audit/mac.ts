/**
 * The audit log's authentication key: HMAC-SHA-256 with a secret kept outside the log (a key file
 * readable only by its owner in the CLI, a non-extractable WebCrypto key in the browser). A hash chain
 * alone can be recomputed by anyone who can write the log; a MAC chain cannot without the key.
 *
 * The key is an interface so that this module stays free of Node and of the DOM: the CLI implements it
 * with node:crypto (src/cli/audit-key.ts), the designer with a CryptoKey (webCryptoAuditKey below).
 */

export interface AuditMacKey {
  /** Short public name of the key (16 hex), derived from it: tells "another key" apart from "forged". */
  readonly id: string;
  /** HMAC-SHA-256 of the UTF-8 text, lower-case hex. */
  mac(text: string): Promise<string>;
}

/** What the key id is the MAC of (never a MAC of anything in a log). */
export const KEY_ID_LABEL = 'crispflow-audit-key-id/1';

const hex = (buf: ArrayBuffer): string => {
  const bytes = new Uint8Array(buf);
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += bytes[i].toString(16).padStart(2, '0');
  return out;
};

function subtle(): SubtleCrypto {
  const s = globalThis.crypto?.subtle;
  if (!s) throw new Error('WebCrypto (crypto.subtle) is not available here; the audit log needs it to authenticate entries. Use a current browser over https or localhost, or Node 20+.');
  return s;
}

/** An AuditMacKey over a WebCrypto HMAC key (usable for "sign"). */
export async function webCryptoAuditKey(key: CryptoKey): Promise<AuditMacKey> {
  const mac = async (text: string) => hex(await subtle().sign('HMAC', key, new TextEncoder().encode(text)));
  return { id: (await mac(KEY_ID_LABEL)).slice(0, 16), mac };
}

/** A new random HMAC-SHA-256 key that can sign but never be exported (the browser keeps it in IndexedDB). */
export function generateNonExtractableAuditKey(): Promise<CryptoKey> {
  return subtle().generateKey({ name: 'HMAC', hash: 'SHA-256', length: 256 }, false, ['sign', 'verify']) as Promise<CryptoKey>;
}

/** Constant-time comparison of two hex strings (a MAC check should not leak where it differs). */
export function sameMac(a: string, b: string): boolean {
  if (typeof a !== 'string' || typeof b !== 'string' || a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
