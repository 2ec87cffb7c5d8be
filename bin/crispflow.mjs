#!/usr/bin/env node
// Entry for `npx crispflow`: registers the TypeScript loader, then runs the CLI from source.
// The process only ever ends with a documented exit code (src/cli/exit-codes.ts): anything that escapes
// main() — or a run that stops without settling, which Node would end with its own code 13 — becomes 5.
const INTERNAL_ERROR = 5;
let settled = false;
// 'beforeExit' fires when nothing is left to wait for: with main() unsettled that is a bug, not success.
process.on('beforeExit', () => {
  if (settled) return;
  settled = true;
  console.error('crispflow: internal error: the command stopped before it finished (nothing was left to wait for). Please report this.');
  process.exitCode = INTERNAL_ERROR;
});
try {
  const { register } = await import('tsx/esm/api');
  register();
  const { main } = await import('../src/cli/main.ts');
  process.exitCode = await main(process.argv.slice(2));
} catch (e) {
  console.error(`crispflow: internal error: ${e instanceof Error ? e.message : String(e)}`);
  if (process.env.CRISPFLOW_DEBUG === '1' && e instanceof Error) console.error(e.stack);
  else console.error('Run again with CRISPFLOW_DEBUG=1 for the stack trace, and please report it.');
  process.exitCode = INTERNAL_ERROR;
}
settled = true;
