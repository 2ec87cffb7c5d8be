/**
 * Serves the built designer (dist/) read-only: the right MIME type for every file, long caching for
 * Vite's content-hashed assets (their name changes with their content), revalidation for everything else,
 * and index.html for app paths (no file extension), as a single-page app needs. A path is decoded once and
 * refused when it has `..`, `.` or empty segments, backslashes or NUL, or leads (through a symlink)
 * outside dist/.
 */
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type http from 'node:http';
import path from 'node:path';

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

export type StaticResult =
  | { kind: 'file'; file: string; size: number; mtime: Date; contentType: string; cacheControl: string }
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
  if (found) return describe(found.file, found.size, found.mtime, urlPath);
  if (appRoute) {
    const index = await fileInside(root, path.join(root, 'index.html'));
    if (index) return describe(index.file, index.size, index.mtime, '/index.html');
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

function describe(file: string, size: number, mtime: Date, urlPath: string): StaticResult {
  const cacheControl = isHashedAsset(urlPath) ? 'public, max-age=31536000, immutable' : 'no-cache';
  return { kind: 'file', file, size, mtime, contentType: mimeTypeOf(file), cacheControl };
}

/** Sends a resolved file (HEAD: headers only), answering If-None-Match with 304. */
export function sendStaticFile(req: http.IncomingMessage, res: http.ServerResponse, f: Extract<StaticResult, { kind: 'file' }>, headers: Record<string, string>): void {
  const etag = `W/"${f.size.toString(16)}-${Math.floor(f.mtime.getTime()).toString(16)}"`;
  const common = { ...headers, 'Cache-Control': f.cacheControl, ETag: etag, 'Last-Modified': f.mtime.toUTCString() };
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, common);
    res.end();
    return;
  }
  res.writeHead(200, { ...common, 'Content-Type': f.contentType, 'Content-Length': String(f.size) });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  const stream = createReadStream(f.file);
  stream.on('error', () => res.destroy());
  res.once('close', () => stream.destroy());
  stream.pipe(res);
}
