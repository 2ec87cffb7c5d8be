/**
 * Writes a request body to a file as it arrives, atomically and with a size cap: the bytes go to a temp
 * file in the target's folder (named as src/fs/atomic-write.ts names its temps, so removeStaleTempFiles
 * cleans up after a crash), which is fsynced and renamed over the target only when the whole body came
 * and stayed within the limit. A refused or broken upload leaves the old file as it was.
 * (writeFileAtomic takes the whole content at once; an upload of hundreds of MB must not be held in memory.)
 */
import { open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { tempFileFor } from '../../fs/atomic-write.ts';

export class StreamTooLargeError extends Error {}
export class StreamAbortedError extends Error {}

export interface StreamWriteResult {
  size: number;
}

async function syncFolder(dir: string): Promise<void> {
  const h = await open(dir, 'r').catch(() => undefined);
  if (!h) return;
  try {
    await h.sync();
  } catch {
    // Some platforms cannot fsync a folder; the rename itself is still atomic.
  } finally {
    await h.close();
  }
}

/** Streams `source` into `file`; throws StreamTooLargeError past `maxBytes`, StreamAbortedError when the client stops. */
export async function writeStreamAtomic(file: string, source: Readable, maxBytes: number): Promise<StreamWriteResult> {
  const tmp = tempFileFor(file);
  const h = await open(tmp, 'wx', 0o666);
  let renamed = false;
  let size = 0;
  try {
    try {
      for await (const chunk of source) {
        const buf = chunk as Buffer;
        size += buf.length;
        if (size > maxBytes) throw new StreamTooLargeError(`The upload is larger than ${maxBytes} bytes.`);
        await h.write(buf);
      }
    } catch (e) {
      if (e instanceof StreamTooLargeError) throw e;
      throw new StreamAbortedError(`The upload stopped before it was complete (${(e as Error).message}).`);
    }
    if ((source as { complete?: boolean }).complete === false) throw new StreamAbortedError('The upload stopped before it was complete.');
    await h.sync();
    await h.close();
    await rename(tmp, file);
    renamed = true;
    await syncFolder(path.dirname(file));
    return { size };
  } finally {
    await h.close().catch(() => undefined);
    if (!renamed) await rm(tmp, { force: true });
  }
}

