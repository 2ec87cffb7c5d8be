/**
 * Records out of a JSON answer, for every connector: a whole page collected (small, retried as a whole) or
 * one large answer streamed in batches (memory bounded by the batch, not the answer). Malformed answers
 * become errors that name the connection, the page and the record.
 */
import { TransientError, type HttpClient, type HttpRequest } from './http-client.ts';
import { JsonArrayStream, MalformedJsonError, textChunks } from './json-array-stream.ts';
import { flattenRecord, isPlainObject } from './flatten.ts';
import { ConnectorError, type FlatRecord, type RecordBatch } from './types.ts';

export const STREAM_BATCH = 2_000;

export interface JsonSource {
  connection: string;
  /** "page 2 of candidates", "the report". */
  what: string;
  page: number;
  /** Keys from the root to the records array; [] for a root array. */
  path: readonly string[];
  /** Optional array of field descriptions beside the records (BambooHR's "fields"). */
  fieldsPath?: readonly string[];
}

function pathLabel(path: readonly string[]): string {
  return path.length === 0 ? 'a list at the top level' : `a list under "${path.join('.')}"`;
}

function recordOf(value: unknown, index: number, src: JsonSource): FlatRecord {
  if (!isPlainObject(value)) {
    throw new ConnectorError(
      `Connection "${src.connection}": record ${(index + 1).toLocaleString('en-US')} of ${src.what} is ${Array.isArray(value) ? 'a list' : value === null ? 'null' : `a ${typeof value}`}, not an object with fields. Check the "path to the records" setting.`,
      'malformed',
    );
  }
  return flattenRecord(value);
}

function malformed(e: MalformedJsonError, src: JsonSource, redact: (s: string) => string): ConnectorError {
  return new ConnectorError(`Connection "${src.connection}": the answer for ${src.what} is malformed: ${redact(e.message)}. Nothing was saved.`, 'malformed');
}

function fieldNames(items: unknown[]): string[] {
  const out: string[] = [];
  for (const f of items) {
    if (typeof f === 'string') out.push(f);
    else if (isPlainObject(f) && (typeof f.id === 'string' || typeof f.id === 'number')) out.push(String(f.id));
  }
  return out;
}

function missingArray(src: JsonSource, stream: JsonArrayStream, redact: (s: string) => string): ConnectorError {
  return new ConnectorError(
    `Connection "${src.connection}": the answer for ${src.what} has no ${pathLabel(src.path)} (it starts with "${redact(stream.start.slice(0, 80).replace(/\s+/g, ' '))}"). Check the settings (report name, path to the records).`,
    'malformed',
  );
}

/** One page, read whole (its size is bounded by the page size) and retried as a whole on transient failures. */
export async function fetchJsonPage(http: HttpClient, req: HttpRequest, src: JsonSource): Promise<{ batch: RecordBatch; res: Response }> {
  return http.fetchPage(req, async (res) => {
    const records: FlatRecord[] = [];
    let fields: string[] | undefined;
    const targets = [{ path: src.path, onItem: (v: unknown, i: number) => void records.push(recordOf(v, i, src)) }];
    if (src.fieldsPath) targets.push({ path: src.fieldsPath, onItem: (v: unknown) => void (fields ??= []).push(...fieldNames([v])) });
    const stream = new JsonArrayStream(targets);
    try {
      for await (const chunk of textChunks(res.body)) stream.write(chunk);
      stream.end();
    } catch (e) {
      if (e instanceof MalformedJsonError) throw malformed(e, src, (s) => http.redact(s));
      throw e;
    }
    if (!stream.wasFound(0)) throw missingArray(src, stream, (s) => http.redact(s));
    return { batch: { records, page: src.page, ...(fields && { fields }) }, res };
  });
}

/**
 * One (possibly very large) answer streamed in batches of STREAM_BATCH records (`req` may be an answer already
 * received). The request is retried
 * until its headers arrive; a body that breaks off later fails the pull (records were already handed on).
 */
export async function* streamJsonRecords(http: HttpClient, req: HttpRequest | Response, src: JsonSource): AsyncGenerator<RecordBatch> {
  const res = req instanceof Response ? req : await http.send(req);
  let pending: FlatRecord[] = [];
  let fields: string[] | undefined;
  const targets = [{ path: src.path, onItem: (v: unknown, i: number) => void pending.push(recordOf(v, i, src)) }];
  if (src.fieldsPath) targets.push({ path: src.fieldsPath, onItem: (v: unknown) => void (fields ??= []).push(...fieldNames([v])) });
  const stream = new JsonArrayStream(targets);
  const chunks = textChunks(res.body);
  try {
    for await (const chunk of chunks) {
      try {
        stream.write(chunk);
      } catch (e) {
        if (e instanceof MalformedJsonError) throw malformed(e, src, (s) => http.redact(s));
        throw e;
      }
      if (pending.length >= STREAM_BATCH) {
        const records = pending;
        pending = [];
        yield { records, page: src.page, ...(fields && { fields }) };
      }
    }
    try {
      stream.end();
    } catch (e) {
      if (e instanceof MalformedJsonError) throw malformed(e, src, (s) => http.redact(s));
      throw e;
    }
  } catch (e) {
    if (e instanceof TransientError) {
      throw new ConnectorError(
        `Connection "${src.connection}": the answer for ${src.what} broke off after ${stream.elements.toLocaleString('en-US')} records (${http.redact(e.message)}). Nothing was saved; run the pull again.`,
        'network',
      );
    }
    throw e;
  } finally {
    // Stopped early (a connection test reads only the first records): free the connection.
    await chunks.return(undefined);
    await res.body?.cancel().catch(() => undefined);
  }
  if (!stream.wasFound(0)) throw missingArray(src, stream, (s) => http.redact(s));
  if (pending.length > 0 || fields) yield { records: pending, page: src.page, ...(fields && { fields }) };
}

/** The URL of the Link header's rel="next" entry, if any (RFC 8288; Greenhouse paginates this way). */
export function nextLink(header: string | null): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(/,(?=\s*<)/)) {
    const m = /^\s*<([^>]*)>\s*;(.*)$/.exec(part);
    if (m && /(?:^|;)\s*rel\s*=\s*"?(?:[^";]*\s)?next(?:\s[^";]*)?"?\s*(?:;|$)/i.test(m[2])) return m[1];
  }
  return undefined;
}
