/**
 * Runs a connection: builds the connector's context (secrets resolved, a redacting HTTP client), and
 * - testConnection: reads the first records and says what it reached;
 * - previewConnection: the first records with their fields, the types src/io infers for them, a proposed
 *   mapping and, when a mapping is given, the mapped rows with their type problems;
 * - pullSnapshot: every record through the mapping into a new snapshot (snapshot-store.ts), streamed.
 * Every message that leaves here is passed through the connection's redactor: no secret in any of them.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { TableAssembler } from '../io/assemble.ts';
import { importTable, type ImportColumnInfo } from '../io/import.ts';
import type { Table } from '../core/table/table.ts';
import type { Connection } from './connection-file.ts';
import { HttpClient, type RetryPolicy } from './http-client.ts';
import { RecordMapper, suggestMapping, type ColumnStats, type FieldMapping, type MappingProblem } from './mapping.ts';
import { makeRedactor, type Redactor } from './redact.ts';
import { readSecretStore, resolveSecrets } from './secrets.ts';
import { withSettingDefaults } from './settings.ts';
import { fieldOf } from './flatten.ts';
import { SnapshotWriter, type SnapshotMeta } from './snapshot-store.ts';
import { quoteCsvField } from '../core/escape.ts';
import { streamCsvRecords } from './csv-records.ts';
import { ConnectorError, type ConnectionTestResult, type ConnectorContext, type ConnectorDefinition, type FlatRecord, type PullProgress } from './types.ts';

export interface RunOptions {
  workspace: string;
  signal?: AbortSignal;
  retry?: Partial<RetryPolicy>;
  /** Retry notes, rate-limit waits (already redacted). */
  log?: (line: string) => void;
  progress?: (p: PullProgress) => void;
  env?: NodeJS.ProcessEnv;
}

interface Prepared {
  ctx: ConnectorContext;
  redact: Redactor;
  http: HttpClient;
}

async function prepare(connection: Connection, connector: ConnectorDefinition, o: RunOptions): Promise<Prepared> {
  const secretSpecs = connector.settings.filter((s) => s.kind === 'secret');
  const needStore = secretSpecs.some((s) => connection.secrets[s.key] === undefined);
  const store = needStore ? await readSecretStore(o.workspace) : {};
  const { values } = resolveSecrets(connection.name, secretSpecs.map((s) => s.key), connection.secrets, store, o.env);
  const redact = makeRedactor(Object.values(values));
  const signal = o.signal ?? new AbortController().signal;
  const http = new HttpClient({ connection: connection.name, signal, redact, retry: o.retry, log: o.log && ((l) => o.log!(redact(l))) });
  const ctx: ConnectorContext = {
    connection: connection.name,
    settings: withSettingDefaults(connector.settings, connection.settings),
    secrets: values,
    http,
    signal,
    progress: o.progress,
  };
  return { ctx, redact, http };
}

/** Any error as a ConnectorError whose message holds no secret. */
function cleanError(e: unknown, redact: Redactor, connection: string): ConnectorError {
  if (e instanceof ConnectorError) {
    const msg = redact(e.message);
    return msg === e.message ? e : new ConnectorError(msg, e.code);
  }
  const msg = e instanceof Error ? e.message : String(e);
  return new ConnectorError(`Connection "${connection}": ${redact(msg)}`, 'network');
}

export async function testConnection(connection: Connection, connector: ConnectorDefinition, o: RunOptions): Promise<ConnectionTestResult> {
  let p: Prepared | undefined;
  try {
    p = await prepare(connection, connector, o);
    const r = await connector.test(p.ctx);
    return { ...r, message: p.redact(r.message) };
  } catch (e) {
    const err = cleanError(e, p?.redact ?? ((s) => s), connection.name);
    return { ok: false, message: err.message };
  }
}

export interface FieldInfo {
  name: string;
  /** The type src/io infers from the preview's values. */
  type: string;
  label: string;
  present: number;
  /** First values (shortened), for people choosing a mapping. */
  examples: string[];
}

export interface Preview {
  records: number;
  fields: FieldInfo[];
  /** First source records (flat), at most `rows`. */
  sample: FlatRecord[];
  /** Per canonical table, the mapping proposed from the field names. */
  suggestions: Record<string, FieldMapping['columns']>;
  mapped?: { columns: string[]; rows: Array<Array<string | null>>; problems: MappingProblem[]; problemCount: number; stats: ColumnStats[]; recordsLeftOut: number };
}

function cell(v: FlatRecord[string] | undefined): string {
  return v === null || v === undefined ? '' : String(v);
}

/** The fields of some records with the types src/io's inference gives their values. */
export function describeFields(records: readonly FlatRecord[], declared: readonly string[] = []): FieldInfo[] {
  const names: string[] = [...declared];
  const seen = new Set(names);
  for (const r of records) {
    for (const k of Object.keys(r)) {
      if (seen.has(k)) continue;
      seen.add(k);
      names.push(k);
    }
  }
  if (names.length === 0) return [];
  const asm = new TableAssembler({ header: false, columnNames: names, skipRows: 0 });
  asm.addRecords(records.map((r) => names.map((n) => cell(fieldOf(r, n)))));
  let infos: ImportColumnInfo[] = [];
  if (records.length > 0) {
    asm.endFirstPass();
    infos = asm.finish().columns;
  }
  return names.map((name, j) => {
    const values = records.map((r) => cell(fieldOf(r, name))).filter((v) => v.trim() !== '');
    return {
      name,
      type: infos[j]?.type ?? 'text',
      label: infos[j]?.label ?? 'text',
      present: values.length,
      examples: [...new Set(values)].slice(0, 3).map((v) => (v.length > 40 ? `${v.slice(0, 40)}…` : v)),
    };
  });
}

export async function previewConnection(
  connection: Connection,
  connector: ConnectorDefinition,
  o: RunOptions & { limit?: number; rows?: number; mapping?: FieldMapping },
): Promise<Preview> {
  const limit = o.limit ?? 200;
  let p: Prepared | undefined;
  try {
    p = await prepare(connection, connector, o);
    const records: FlatRecord[] = [];
    const declared: string[] = [];
    const batches = connector.pull(p.ctx);
    try {
      for await (const b of batches) {
        for (const f of b.fields ?? []) if (!declared.includes(f)) declared.push(f);
        for (const r of b.records) {
          records.push(r);
          if (records.length >= limit) break;
        }
        if (records.length >= limit) break;
      }
    } finally {
      await (batches as AsyncGenerator).return?.(undefined);
    }
    const fields = describeFields(records, declared);
    const names = fields.map((f) => f.name);
    const suggestions: Preview['suggestions'] = {};
    for (const t of ['employees', 'surveys', 'performance', 'compensation', 'terminations', 'resumes']) suggestions[t] = suggestMapping(t, names);
    const out: Preview = { records: records.length, fields, sample: records.slice(0, o.rows ?? 20), suggestions };
    const mapping = o.mapping ?? connection.mapping;
    if (mapping) {
      const mapper = new RecordMapper(mapping);
      const rows: Array<Array<string | null>> = [];
      for (const r of records) {
        const m = mapper.map(r);
        if (m && rows.length < (o.rows ?? 20)) rows.push(m);
      }
      out.mapped = { columns: mapper.header, rows, problems: mapper.problems, problemCount: mapper.problemCount, stats: mapper.stats, recordsLeftOut: mapper.dropped };
    }
    return out;
  } catch (e) {
    throw cleanError(e, p?.redact ?? ((s) => s), connection.name);
  }
}

export interface PullResult {
  id: string;
  dir: string;
  meta: SnapshotMeta;
  /** Notes for people: values left empty, records left out, retries. */
  notes: string[];
}

/** Pulls every record into a new snapshot; on any failure nothing is saved and the last snapshot stays as it was. */
export async function pullSnapshot(connection: Connection, connector: ConnectorDefinition, o: RunOptions): Promise<PullResult> {
  let p: Prepared | undefined;
  let writer: SnapshotWriter | undefined;
  const startedAt = new Date().toISOString();
  try {
    p = await prepare(connection, connector, o);
    const { ctx, http } = p;
    const mapper = connection.mapping ? new RecordMapper(connection.mapping) : undefined;
    writer = await SnapshotWriter.begin(o.workspace, connection.name, mapper?.header);
    // Without a mapping the columns are every field seen: rows wait in a scratch CSV (without header) until
    // all fields are known; a field that first appears late makes the earlier rows short, padded at the end.
    const rowsFile = path.join(writer.tempDir, 'rows.csv');
    const scratch = mapper ? undefined : createWriteStream(rowsFile, { flags: 'wx' });
    const fields: string[] = [];
    const known = new Set<string>();
    let widthGrew = false;
    let scratchRows = 0;
    let records = 0;
    let pages = 0;
    for await (const batch of connector.pull(ctx)) {
      if (ctx.signal.aborted) throw new ConnectorError('The pull was cancelled; nothing was saved.', 'cancelled');
      pages = Math.max(pages, batch.page);
      records += batch.records.length;
      if (mapper) {
        const rows: Array<Array<string | null>> = [];
        for (const r of batch.records) {
          const m = mapper.map(r);
          if (m) rows.push(m);
        }
        await writer.writeRows(rows);
      } else {
        const addField = (f: string) => {
          if (known.has(f)) return;
          known.add(f);
          fields.push(f);
          if (scratchRows > 0) widthGrew = true;
        };
        for (const f of batch.fields ?? []) addField(f);
        const lines: string[] = [];
        for (const r of batch.records) {
          for (const k in r) addField(k);
          // The CSV line straight from the record's values (no array of cells per record).
          let line = '';
          for (let j = 0; j < fields.length; j++) {
            const v = fieldOf(r, fields[j]);
            if (j > 0) line += ',';
            if (v !== null && v !== undefined) line += quoteCsvField(typeof v === 'string' ? v : String(v));
          }
          lines.push(line);
          scratchRows++;
        }
        if (lines.length && !scratch!.write(`${lines.join('\n')}\n`)) await new Promise<void>((r) => scratch!.once('drain', () => r()));
      }
      o.progress?.({ pages, records, note: `${records.toLocaleString('en-US')} records` });
    }
    if (ctx.signal.aborted) throw new ConnectorError('The pull was cancelled; nothing was saved.', 'cancelled');
    if (mapper) mapper.check(connection.name);
    else {
      await new Promise<void>((resolve, reject) => scratch!.end((e?: Error | null) => (e ? reject(e) : resolve())));
      await writer.start(fields);
      if (!widthGrew) {
        for await (const chunk of createReadStream(rowsFile, 'utf8')) await writer.appendCsv(chunk as string, 0);
        await writer.appendCsv('', scratchRows);
      } else {
        for await (const rows of csvFileRows(rowsFile, fields.length)) await writer.writeRows(rows.map((r) => fields.map((_, j) => (j < r.length && r[j] !== '' ? r[j] : null))));
      }
      await rm(rowsFile, { force: true });
    }
    const notes: string[] = [];
    if (mapper && mapper.problemCount > 0) {
      notes.push(
        `${mapper.problemCount.toLocaleString('en-US')} value${mapper.problemCount === 1 ? '' : 's'} did not fit the mapping${mapper.dropped ? ` (${mapper.dropped.toLocaleString('en-US')} record${mapper.dropped === 1 ? '' : 's'} left out for a missing required value)` : ''}; the first: ${mapper.problems[0].message}`,
      );
    }
    if (http.retries > 0) notes.push(`${http.retries} request${http.retries === 1 ? ' was' : 's were'} retried (server errors, timeouts or rate limits).`);
    const done = await writer.commit({
      connection: connection.name,
      connector: connector.kind,
      startedAt,
      ...(mapper && { table: connection.mapping!.table, mapping: connection.mapping }),
      source: { records, pages, requests: http.requests, retries: http.retries },
      problems: {
        count: mapper?.problemCount ?? 0,
        recordsLeftOut: mapper?.dropped ?? 0,
        first: (mapper?.problems ?? []).slice(0, 20).map((x) => ({ record: x.record, column: x.column, field: x.field, message: p!.redact(x.message) })),
      },
    });
    return { ...done, notes: notes.map((n) => p!.redact(n)) };
  } catch (e) {
    await writer?.abort().catch(() => undefined);
    throw cleanError(e, p?.redact ?? ((s) => s), connection.name);
  }
}

/** Rows of a header-less CSV file, streamed in batches (papaparse, so quoted line breaks are kept). */
async function* csvFileRows(file: string, width: number): AsyncGenerator<string[][]> {
  const { Readable } = await import('node:stream');
  const web = Readable.toWeb(createReadStream(file)) as unknown as ReadableStream<Uint8Array>;
  // streamCsvRecords reads a header line first: give it one so every data row comes back.
  for await (const b of streamCsvRecords(prependHeader(web, width), 'scratch', 'the scratch file')) yield b.records.map((r) => Object.values(r).map((v) => (v === null ? '' : String(v))));
}

/** A header of `width` placeholder names (every scratch row has at most that many cells) before the rows. */
function prependHeader(body: ReadableStream<Uint8Array>, width: number): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  let first = true;
  return new ReadableStream<Uint8Array>({
    async pull(c) {
      if (first) {
        first = false;
        c.enqueue(new TextEncoder().encode(`${Array.from({ length: width }, (_, j) => `c${j}`).join(',')}\n`));
        return;
      }
      const r = await reader.read();
      if (r.done) c.close();
      else c.enqueue(r.value);
    },
  });
}

/**
 * Pulls a new snapshot and reads it as Crispflow's columnar table with src/io's import (the same type
 * inference, column builders and problem report a dataset-source uses), so a table from a pull and the
 * pipeline's view of the snapshot are the same.
 */
export async function pullTable(connection: Connection, connector: ConnectorDefinition, o: RunOptions): Promise<PullResult & { table: Table; importNotes: string[] }> {
  const r = await pullSnapshot(connection, connector, o);
  const bytes = await readFile(path.join(r.dir, 'data.csv'));
  const imported = await importTable(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), { fileName: 'data.csv', header: true, delimiter: ',' });
  return { ...r, table: imported.table, importNotes: imported.notes };
}
