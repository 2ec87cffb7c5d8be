/**
 * Generic HTTPS: any URL that answers CSV or JSON (a list at the top, or a list at a dotted path such as
 * "data.items"), with an optional header for authentication (Authorization: Bearer …, X-API-Key: …) and
 * optional pagination through the Link header (rel="next").
 */
import { streamCsvRecords } from './csv-records.ts';
import { TransientError } from './http-client.ts';
import { nextLink, streamJsonRecords } from './json-records.ts';
import { requiredText, text } from './settings.ts';
import { firstRecordsTest } from './test-by-sample.ts';
import { ConnectorError, type ConnectorContext, type ConnectorDefinition, type RecordBatch } from './types.ts';
import { checkedUrl, shortUrl } from './url-policy.ts';

const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}$/;

function authHeaders(ctx: ConnectorContext): { headers: Record<string, string>; credential?: string } {
  const name = text(ctx, 'headerName');
  const value = ctx.secrets.headerValue;
  if (!name && !value) return { headers: {} };
  if (!name) throw new ConnectorError(`Connection "${ctx.connection}": the secret "headerValue" is set but the setting "headerName" (e.g. Authorization) is empty.`, 'settings');
  if (!HEADER_NAME.test(name)) throw new ConnectorError(`Connection "${ctx.connection}": "${name.slice(0, 64)}" is not a valid header name.`, 'settings');
  if (!value) throw new ConnectorError(`Connection "${ctx.connection}": the header "${name}" needs its value: set the secret "headerValue".`, 'settings');
  return { headers: { [name]: value }, credential: `the value of header "${name}" (secret "headerValue")` };
}

async function* pull(ctx: ConnectorContext): AsyncGenerator<RecordBatch> {
  let url: URL | undefined = checkedUrl(requiredText(ctx, 'url', 'the address of the data'), 'The setting "url"');
  const origin = url.origin;
  const format = text(ctx, 'format', 'auto');
  const path = text(ctx, 'path').split('.').map((s) => s.trim()).filter(Boolean);
  const { headers, credential } = authHeaders(ctx);
  const follow = text(ctx, 'pagination', 'none') === 'link';
  for (let page = 1; url; page++) {
    const what = follow ? `page ${page} of ${shortUrl(url)}` : shortUrl(url);
    const res = await ctx.http.send({ url, headers: { Accept: 'application/json, text/csv;q=0.9', ...headers }, credential, what });
    const type = (res.headers.get('content-type') ?? '').toLowerCase();
    const csv = format === 'csv' || (format === 'auto' && /\b(text\/csv|application\/csv|text\/plain)\b/.test(type));
    if (csv) {
      try {
        for await (const b of streamCsvRecords(res.body!, ctx.connection, what)) yield { ...b, page };
      } catch (e) {
        if (e instanceof TransientError) throw new ConnectorError(`Connection "${ctx.connection}": the answer for ${what} broke off (${ctx.http.redact(e.message)}). Nothing was saved; run the pull again.`, 'network');
        throw e;
      }
    } else {
      // The answer is already here: stream its body without sending the request again.
      yield* streamJsonRecords(ctx.http, res, { connection: ctx.connection, what, page, path });
    }
    const next = follow ? nextLink(res.headers.get('link')) : undefined;
    if (!next) break;
    const nextUrl = checkedUrl(new URL(next, url).href, 'The next-page link');
    if (nextUrl.origin !== origin) throw new ConnectorError(`Connection "${ctx.connection}": the next-page link points to another host (${shortUrl(nextUrl)}); credentials are only sent to ${origin}.`, 'malformed');
    url = nextUrl;
  }
}

export const genericHttpConnector: ConnectorDefinition = {
  kind: 'http',
  title: 'Generic HTTPS (CSV or JSON)',
  summary: 'Reads a CSV file or a JSON list from any https address, with an optional authentication header.',
  settings: [
    { key: 'url', label: 'Address', kind: 'url', required: true, placeholder: 'https://hr.example.com/export/employees.csv', help: 'The https address of the data (plain http only to this machine).' },
    { key: 'format', label: 'Format', kind: 'enum', options: ['auto', 'json', 'csv'], default: 'auto', help: 'auto decides from the Content-Type of the answer (CSV for text/csv, else JSON).' },
    { key: 'path', label: 'Path to the records', kind: 'string', placeholder: 'data.items', help: 'For JSON: the keys, separated by dots, of the list of records; empty when the answer is the list itself.' },
    { key: 'pagination', label: 'Pages', kind: 'enum', options: ['none', 'link'], default: 'none', help: 'link: follow the Link header\'s rel="next" address until there is none.' },
    { key: 'headerName', label: 'Authentication header', kind: 'string', placeholder: 'Authorization', help: 'The header that carries the credential, e.g. Authorization or X-API-Key (optional).' },
    { key: 'headerValue', label: 'Header value', kind: 'secret', help: 'The header\'s value, e.g. "Bearer eyJ…" (kept as a secret).' },
  ],
  test: (ctx) => firstRecordsTest(ctx, pull(ctx), 'the address'),
  pull,
};
