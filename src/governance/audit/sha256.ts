/** SHA-256 through WebCrypto (`crypto.subtle`, present in Node 20 and every browser Crispflow supports). */
export async function sha256Hex(text: string): Promise<string> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) throw new Error('WebCrypto (crypto.subtle) is not available here; the audit log needs it to hash entries. Use a current browser over https or localhost, or Node 20+.');
  const digest = await subtle.digest('SHA-256', new TextEncoder().encode(text));
  const bytes = new Uint8Array(digest);
  let hex = '';
  for (let i = 0; i < bytes.length; i++) hex += bytes[i].toString(16).padStart(2, '0');
  return hex;
}
