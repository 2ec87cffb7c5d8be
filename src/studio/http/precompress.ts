/**
 * Precompressed copies of the built designer (`<file>.br` and `<file>.gz` beside each text or wasm file
 * of at least 1 KB), written once at build time so the studio never compresses while serving: it sends
 * the smaller copy the browser accepts (static-files.ts) and the raw file otherwise. Brotli at quality 5
 * and gzip at level 6 cost about a second of CPU for the whole app (~8.7 MB → ~2.1 MB); the highest
 * settings would add several seconds to every build for a few percent.
 */
import { readdir, readFile, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/** Extensions worth compressing (images and fonts are compressed formats already). */
export const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.map', '.svg', '.wasm', '.txt', '.csv', '.md', '.webmanifest']);
/** Below this, headers outweigh the saving. */
export const MIN_COMPRESS_BYTES = 1024;

export const isCompressible = (file: string): boolean => COMPRESSIBLE.has(path.extname(file).toLowerCase());

async function* filesUnder(dir: string): AsyncGenerator<string> {
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* filesUnder(p);
    else if (e.isFile()) yield p;
  }
}

/**
 * Writes `.br` and `.gz` beside every compressible file under `dir` that is large enough and whose copy
 * would be smaller. Each copy gets its original's modification time, which is how the server tells a
 * copy of the current file from a leftover. Returns the bytes before and after (the brotli copies).
 */
export async function precompressDir(dir: string): Promise<{ files: number; rawBytes: number; brotliBytes: number }> {
  let files = 0;
  let rawBytes = 0;
  let brotliBytes = 0;
  const jobs: Promise<void>[] = [];
  for await (const file of filesUnder(dir)) {
    if (!isCompressible(file)) continue;
    const s = await stat(file);
    if (s.size < MIN_COMPRESS_BYTES) continue;
    jobs.push(
      (async () => {
        const bytes = await readFile(file);
        const [br, gz] = await Promise.all([
          brotli(bytes, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } }),
          gzip(bytes, { level: 6 }),
        ]);
        for (const [suffix, copy] of [['.br', br], ['.gz', gz]] as const) {
          if (copy.length >= bytes.length) continue;
          await writeFile(file + suffix, copy);
          await utimes(file + suffix, s.atime, s.mtime);
        }
        files++;
        rawBytes += bytes.length;
        brotliBytes += Math.min(br.length, bytes.length);
      })(),
    );
  }
  await Promise.all(jobs);
  return { files, rawBytes, brotliBytes };
}

/** The Vite build step that runs precompressDir over the finished output (vite.config.ts). */
export function precompressAssets(): import('vite').Plugin {
  let outDir = 'dist';
  return {
    name: 'crispflow-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    async closeBundle() {
      const r = await precompressDir(outDir);
      console.log(`crispflow: precompressed ${r.files} files for the studio, ${(r.rawBytes / 1e6).toFixed(1)} MB → ${(r.brotliBytes / 1e6).toFixed(1)} MB (brotli)`);
    },
  };
}
