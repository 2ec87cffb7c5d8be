/** A connection test that reads the first few records of the real pull and stops there. */
import type { ConnectionTestResult, ConnectorContext, RecordBatch } from './types.ts';

export async function firstRecordsTest(ctx: ConnectorContext, batches: AsyncGenerator<RecordBatch>, what: string, want = 5): Promise<ConnectionTestResult> {
  let seen = 0;
  const fields = new Set<string>();
  try {
    for await (const b of batches) {
      for (const f of b.fields ?? []) fields.add(f);
      for (const r of b.records) {
        for (const k of Object.keys(r)) fields.add(k);
        if (++seen >= want) break;
      }
      if (seen >= want) break;
    }
  } finally {
    await batches.return(undefined);
  }
  return {
    ok: true,
    message:
      seen === 0
        ? `Connected: ${what} answered with no records (the credentials were accepted).`
        : `Connected: ${what} answered; read the first ${seen} record${seen === 1 ? '' : 's'} with ${fields.size} field${fields.size === 1 ? '' : 's'}.`,
    fields: [...fields],
  };
}
