/**
 * GET /node-packages/<name>/<path>: the module files of the accepted node packages, for the designer's
 * `import()` in the page and in its workers.
 *
 * Without the session token, on purpose: a module's own imports (`import "./x.js"`) are fetched by the
 * browser with no Authorization header, so a token could only travel in the URL, where it would spread.
 * Instead only what the browser must run is reachable: the files of each accepted package's import graph,
 * held in memory as they were checked at start-up (browser-module-graph.ts). Nothing else of the package
 * folder (package.json, tests, data) and nothing of the workspace is served; a path is looked up as an exact
 * key, so `..`, encoded dots or symlinks cannot lead anywhere else. The Host and Origin checks of every
 * studio request still apply, and Cross-Origin-Resource-Policy: same-origin keeps other sites from loading
 * them. Do not put secrets in a node package: it is code sent to the browser, like the designer's own.
 */
import { createHash } from 'node:crypto';
import type http from 'node:http';
import { NODE_PACKAGES_URL_PREFIX, type StudioNodePackages } from './served-packages.ts';

export type NodePackageFileLookup =
  | { kind: 'file'; bytes: Buffer; etag: string }
  | { kind: 'bad-path'; message: string }
  | { kind: 'not-found'; message: string };

const etags = new WeakMap<Buffer, string>();
const etagOf = (bytes: Buffer) => {
  let tag = etags.get(bytes);
  if (!tag) etags.set(bytes, (tag = `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 27)}"`));
  return tag;
};

export const isNodePackagePath = (urlPath: string): boolean => urlPath.startsWith(NODE_PACKAGES_URL_PREFIX);

/** The file at `urlPath` (still percent-encoded), decoded once per segment and looked up exactly. */
export function lookupNodePackageFile(packages: StudioNodePackages, urlPath: string): NodePackageFileLookup {
  const notFound: NodePackageFileLookup = {
    kind: 'not-found',
    message: `No node-package file at ${urlPath.slice(0, 200)}: the studio serves only the JavaScript modules of the node packages it accepted (GET /api/node-packages lists them).`,
  };
  const raw = urlPath.slice(NODE_PACKAGES_URL_PREFIX.length).split('/');
  let segments: string[];
  try {
    segments = raw.map((s) => decodeURIComponent(s));
  } catch {
    return { kind: 'bad-path', message: 'The path is not valid percent-encoding.' };
  }
  const [name, ...rest] = segments;
  // eslint-disable-next-line no-control-regex
  if (segments.some((s) => /[\u0000-\u001f\\]/.test(s)) || rest.some((s) => s === '' || s === '.' || s === '..')) {
    return { kind: 'bad-path', message: 'The path has ".", ".." or empty parts, a backslash or a control character.' };
  }
  const pkg = packages.accepted.find((p) => p.name === name);
  const file = pkg?.files.get(rest.join('/'));
  if (!file) return notFound;
  return { kind: 'file', bytes: file.bytes, etag: etagOf(file.bytes) };
}

/** Answers a GET or HEAD for a node-package file (the caller has checked Host, Origin and the method). */
export function sendNodePackageFile(req: http.IncomingMessage, res: http.ServerResponse, packages: StudioNodePackages, urlPath: string, headers: Record<string, string>): void {
  const found = lookupNodePackageFile(packages, urlPath);
  if (found.kind !== 'file') {
    const body = Buffer.from(JSON.stringify({ error: found.message }));
    res.writeHead(found.kind === 'bad-path' ? 400 : 404, { ...headers, 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(body.byteLength) });
    res.end(body);
    return;
  }
  // Revalidated on every load: a restarted studio may serve a newer version of the package.
  const common = { ...headers, 'Cache-Control': 'no-cache', ETag: found.etag };
  if (req.headers['if-none-match'] === found.etag) {
    res.writeHead(304, common);
    res.end();
    return;
  }
  res.writeHead(200, { ...common, 'Content-Type': 'text/javascript; charset=utf-8', 'Content-Length': String(found.bytes.byteLength) });
  res.end(req.method === 'HEAD' ? undefined : found.bytes);
}
