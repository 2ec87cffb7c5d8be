// vitest globalSetup: the CLI tests spawn bin/crispflow.mjs, which runs the bundle in dist-cli. Building it
// once here (only when missing or older than the source) saves every spawned command from rebuilding it.
// A failed build does not stop tests that do not need the CLI: those that do fail with the build's errors.
import { buildCli, formatBuildError, readManifest, staleReason } from './build-cli.mjs';

export default async function setup() {
  if (staleReason(readManifest()) === null) return;
  try {
    await buildCli();
  } catch (e) {
    console.warn(`${formatBuildError(e)}\n(CLI tests will report this again; other tests run as usual.)`);
  }
}
