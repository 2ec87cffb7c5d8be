/**
 * `crispflow connection test <connection.json> [--workspace <dir>]`: reaches the source with the
 * connection's settings and secrets, reads the first records and says what it found; saves nothing.
 * Exit 0 connected, 1 the test failed (the message says which credential or setting), 2 the file is unusable.
 */
import { loadConnectionFile } from '../connectors/connection-file.ts';
import { testConnection } from '../connectors/pull.ts';
import { ConnectorError } from '../connectors/types.ts';
import { EXIT, type ExitCode } from './exit-codes.ts';
import { workspaceOf } from './pull-command.ts';

export async function connectionTestCommand(o: { file: string; workspace?: string }): Promise<ExitCode> {
  let loaded;
  try {
    loaded = await loadConnectionFile(o.file);
  } catch (e) {
    if (e instanceof ConnectorError) {
      console.error(e.message);
      return EXIT.usage;
    }
    throw e;
  }
  const r = await testConnection(loaded.connection, loaded.connector, { workspace: workspaceOf(o.workspace), retry: { maxAttempts: 2 } });
  if (!r.ok) {
    console.error(r.message);
    return EXIT.nodeFailed;
  }
  console.log(r.message);
  if (r.fields?.length) console.log(`Fields: ${r.fields.join(', ')}`);
  return EXIT.ok;
}
