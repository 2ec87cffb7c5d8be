/**
 * Serves the built designer (dist/) read-only: the right MIME type for every file, long caching for
 * Vite's content-hashed assets (their name changes with their content), revalidation for everything else,
 * and index.html for app paths (no file extension), as a single-page app needs. A path is decoded once and
 * refused when it has `..`, `.` or empty segments, backslashes or NUL, or leads (through a symlink)
 * outside dist/. Where the build left a precompressed copy (`<file>.br`, `<file>.gz`: precompress.ts) with
 * the file's own modification time, a browser that accepts that encoding gets the copy: the studio never
 * compresses while serving.
 */
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type http from 'node:http';
import path from 'node:path';
import { isCompressible, MIN_COMPRESS_BYTES } from './precompress.ts';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.csv': 'text/csv; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export const mimeTypeOf = (file: string): string => MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream';

/** Vite names built assets `assets/<name>-<hash>.<ext>`: such a file never changes, so it may be cached for a year. */
export const isHashedAsset = (urlPath: string): boolean => /^\/assets\/(?:[^/]+\/)*[^/]+-[A-Za-z0-9_-]{8,}\.[A-Za-z0-9]+$/.test(urlPath);

/** A precompressed copy of a file, as sent with `Content-Encoding`. */
export interface EncodedCopy {
  encoding: 'br' | 'gzip';
  file: string;
  size: number;
}

export type StaticResult =
  | { kind: 'file'; file: string; size: number; mtime: Date; contentType: string; cacheControl: string; copies: EncodedCopy[] }
  | { kind: 'not-found'; message: string }
  | { kind: 'bad-path'; message: string };

const inside = (root: string, p: string) => p === root || p.startsWith(root + path.sep);

/** Where `urlPath` (still percent-encoded, no query) leads in `root` (a real path), without reading the file. */
export async function resolveStatic(root: string, urlPath: string): Promise<StaticResult> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return { kind: 'bad-path', message: 'The path is not valid percent-encoding.' };
  }
  // eslint-disable-next-line no-control-regex
  if (decoded.includes('\\') || /[\u0000-\u001f]/.test(decoded)) return { kind: 'bad-path', message: 'The path contains a backslash or a control character.' };
  const segments = decoded.split('/').slice(1);
  if (segments.slice(0, -1).some((s) => s === '' || s === '.' || s === '..') || segments.at(-1) === '..' || segments.at(-1) === '.') {
    return { kind: 'bad-path', message: 'The path has ".", ".." or empty parts.' };
  }
  const last = segments.at(-1) ?? '';
  const appRoute = last === '' || !last.includes('.');
  const rel = last === '' ? [...segments.slice(0, -1), 'index.html'] : segments;
  const candidate = path.resolve(root, ...rel);
  if (!inside(root, candidate)) return { kind: 'bad-path', message: 'The path leads outside the app.' };
  const found = await fileInside(root, candidate);
  if (found) return describe(found, urlPath, await copiesOf(root, found));
  if (appRoute) {
    const index = await fileInside(root, path.join(root, 'index.html'));
    if (index) return describe(index, '/index.html', await copiesOf(root, index));
    return { kind: 'not-found', message: 'The designer is not built: run "npm run build" (npm start does it for you), then reload.' };
  }
  return { kind: 'not-found', message: `No file at ${urlPath.slice(0, 200)}.` };
}

async function fileInside(root: string, file: string): Promise<{ file: string; size: number; mtime: Date } | undefined> {
  try {
    const real = await realpath(file);
    if (!inside(root, real)) return undefined;
    const s = await stat(real);
    return s.isFile() ? { file: real, size: s.size, mtime: s.mtime } : undefined;
  } catch {
    return undefined;
  }
}

/** The precompressed copies of `f` made from this very version of it (same modification time), best first. */
async function copiesOf(root: string, f: { file: string; size: number; mtime: Date }): Promise<EncodedCopy[]> {
  if (!isCompressible(f.file) || f.size < MIN_COMPRESS_BYTES) return [];
  const copies: EncodedCopy[] = [];
  for (const [encoding, suffix] of [['br', '.br'], ['gzip', '.gz']] as const) {
    const copy = await fileInside(root, f.file + suffix);
    if (copy && copy.mtime.getTime() === f.mtime.getTime() && copy.size < f.size) copies.push({ encoding, file: copy.file, size: copy.size });
  }
  return copies;
}

function describe(f: { file: string; size: number; mtime: Date }, urlPath: string, copies: EncodedCopy[]): StaticResult {
  const cacheControl = isHashedAsset(urlPath) ? 'public, max-age=31536000, immutable' : 'no-cache';
  return { kind: 'file', file: f.file, size: f.size, mtime: f.mtime, contentType: mimeTypeOf(f.file), cacheControl, copies };
}

/** The content codings an Accept-Encoding header accepts (q > 0), lower case; `*` stands for any. */
export function acceptedEncodings(header: string | string[] | undefined): Set<string> {
  const accepted = new Set<string>();
  for (const part of (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',')) {
    const [coding, ...params] = part.split(';').map((x) => x.trim().toLowerCase());
    if (!coding) continue;
    const q = params.find((p) => p.startsWith('q='));
    if (q !== undefined && !(Number(q.slice(2)) > 0)) continue;
    accepted.add(coding);
  }
  return accepted;
}

/** The copy to send for this request's Accept-Encoding, or undefined for the file itself. */
export function chooseCopy(copies: EncodedCopy[], acceptEncoding: string | string[] | undefined): EncodedCopy | undefined {
  if (copies.length === 0) return undefined;
  const accepted = acceptedEncodings(acceptEncoding);
  return copies.find((c) => accepted.has(c.encoding) || accepted.has('*'));
}

/**
 * Sends a resolved file (HEAD: headers only), or its precompressed copy when the browser accepts it,
 * answering If-None-Match with 304. Each encoding has its own ETag (they are different bytes).
 */
export function sendStaticFile(req: http.IncomingMessage, res: http.ServerResponse, f: Extract<StaticResult, { kind: 'file' }>, headers: Record<string, string>): void {
  const copy = chooseCopy(f.copies, req.headers['accept-encoding']);
  const etag = `W/"${f.size.toString(16)}-${Math.floor(f.mtime.getTime()).toString(16)}${copy ? `-${copy.encoding}` : ''}"`;
  const common: Record<string, string> = { ...headers, 'Cache-Control': f.cacheControl, ETag: etag, 'Last-Modified': f.mtime.toUTCString() };
  // The answer depends on Accept-Encoding wherever a copy exists: caches must keep the variants apart.
  if (f.copies.length > 0) common.Vary = 'Accept-Encoding';
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, common);
    res.end();
    return;
  }
  res.writeHead(200, {
    ...common,
    'Content-Type': f.contentType,
    'Content-Length': String(copy ? copy.size : f.size),
    ...(copy ? { 'Content-Encoding': copy.encoding } : {}),
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  const stream = createReadStream(copy ? copy.file : f.file);
  stream.on('error', () => res.destroy());
  res.once('close', () => stream.destroy());
  stream.pipe(res);
}
