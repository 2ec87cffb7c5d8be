/**
 * `crispflow connection test <connection.json> [--workspace <dir>]`: reaches the source with the
 * connection's settings and secrets, reads the first records and says what it found; saves nothing.
 * Exit 0 connected, 1 the test failed (the message says which credential or setting), 2 the file is unusable.
 */
import { testConnection } from '../connectors/pull.ts';
import { EXIT, type ExitCode } from './exit-codes.ts';
import { loadConnectionOrReport, workspaceOf } from './pull-command.ts';

export async function connectionTestCommand(o: { file: string; workspace?: string }): Promise<ExitCode> {
  const loaded = await loadConnectionOrReport(o.file);
  if (typeof loaded === 'number') return loaded;
  const r = await testConnection(loaded.connection, loaded.connector, { workspace: workspaceOf(o.workspace), retry: { maxAttempts: 2 } });
  if (!r.ok) {
    console.error(r.message);
    return EXIT.nodeFailed;
  }
  console.log(r.message);
  if (r.fields?.length) console.log(`Fields: ${r.fields.join(', ')}`);
  return EXIT.ok;
}
