/**
 * A studio workspace file's bytes, fetched in the import worker: the studio API with the session token,
 * the body read chunk by chunk (progress 0..1), an error answer as the studio's own sentence.
 */
import { studioErrorFrom } from '../studio/studio-error.ts';
import { readResponse } from './read-response.ts';

export async function fetchStudioFile(url: string, token: string | undefined, onProgress: (fraction: number) => void): Promise<Uint8Array> {
  const res = await fetch(url, { headers: token ? { Authorization: `Bearer ${token}` } : {}, cache: 'no-store', credentials: 'same-origin' });
  if (!res.ok) throw await studioErrorFrom(res, url);
  return readResponse(res, onProgress);
}
