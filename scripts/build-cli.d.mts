/** Types of scripts/build-cli.mjs, for the TypeScript that imports it (tests). */
export interface CliBuildManifest {
  /** The folder under dist-cli holding this build (b-<content hash>). */
  build: string;
  /** When the build started (ms since the epoch): a source modified since is newer than the bundle. */
  startedAt: number;
  /** Source files the build read, relative to the package root. */
  inputs: string[];
}
export const packageRoot: string;
export const distDir: string;
export const manifestPath: string;
export function buildCli(): Promise<CliBuildManifest>;
export function staleReason(manifest: CliBuildManifest | null): string | null;
export function readManifest(): CliBuildManifest | null;
export function formatBuildError(e: unknown): string;
