/**
 * Reads a fetch answer's body into one buffer, reporting progress as chunks arrive. Used in the import
 * worker for the studio's workspace files, so no byte of them passes through the page. With a
 * Content-Length (and no content encoding, where it would count the encoded bytes) the buffer is allocated
 * once and each chunk copied into it; otherwise the chunks are joined at the end.
 */
export async function readResponse(res: Response, onProgress: (fraction: number) => void): Promise<Uint8Array> {
  const declared = res.headers.get('content-encoding') ? NaN : Number(res.headers.get('content-length') ?? NaN);
  const expected = Number.isSafeInteger(declared) && declared >= 0 ? declared : undefined;
  if (!res.body) return new Uint8Array(await res.arrayBuffer());
  const reader = res.body.getReader();
  let out = expected !== undefined ? new Uint8Array(expected) : undefined;
  const spill: Uint8Array[] = [];
  let offset = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (out && offset + value.length <= out.length) out.set(value, offset);
    else {
      // No length, or more bytes than it said: keep the chunks and join them at the end.
      if (out) {
        spill.push(out.subarray(0, offset));
        out = undefined;
      }
      spill.push(value);
    }
    offset += value.length;
    onProgress(expected ? Math.min(1, offset / expected) : 0);
  }
  onProgress(1);
  if (out) return offset === out.length ? out : out.subarray(0, offset);
  const joined = new Uint8Array(offset);
  let at = 0;
  for (const c of spill) {
    joined.set(c, at);
    at += c.length;
  }
  return joined;
}
