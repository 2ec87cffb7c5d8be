/** Reads a Blob (or File) into one buffer of its size, reporting progress as chunks arrive. */
export async function readBlob(blob: Blob, onProgress: (fraction: number) => void): Promise<Uint8Array> {
  if (typeof blob.stream !== 'function') return new Uint8Array(await blob.arrayBuffer());
  const out = new Uint8Array(blob.size);
  const reader = blob.stream().getReader();
  let offset = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (offset + value.length > out.length) {
      // the file grew while being read; fall back to whatever the browser gives in one piece
      reader.cancel().catch(() => undefined);
      return new Uint8Array(await blob.arrayBuffer());
    }
    out.set(value, offset);
    offset += value.length;
    onProgress(blob.size ? offset / blob.size : 1);
  }
  return offset === out.length ? out : out.subarray(0, offset);
}
