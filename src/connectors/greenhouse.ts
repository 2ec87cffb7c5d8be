/**
 * Greenhouse Harvest (an ATS): candidates or applications, GET https://harvest.greenhouse.io/v1/{resource}
 * ?per_page=…, paginated through the Link header (rel="next"), basic auth with the API key as the user name
 * and an empty password. Its rate limit is respected: X-RateLimit-Remaining 0 waits for X-RateLimit-Reset,
 * and 429 waits for Retry-After (see http-client.ts).
 */
import { basicAuth } from './http-client.ts';
import { fetchJsonPage, nextLink } from './json-records.ts';
import { requiredText, secret, text } from './settings.ts';
import { firstRecordsTest } from './test-by-sample.ts';
import { ConnectorError, type ConnectorContext, type ConnectorDefinition, type RecordBatch } from './types.ts';
import { baseUrlOf, checkedUrl, shortUrl } from './url-policy.ts';

export const GREENHOUSE_HOST = 'https://harvest.greenhouse.io';
const RESOURCES = ['candidates', 'applications'] as const;
/** A guard against a server whose next link never ends. */
const MAX_PAGES = 100_000;

/** The checked address of the page after `page`, or a ConnectorError saying why it is refused. */
function nextPageUrl(next: string, current: URL, page: number, what: string, ctx: ConnectorContext, base: URL): URL {
  if (page >= MAX_PAGES) throw new ConnectorError(`Connection "${ctx.connection}": more than ${MAX_PAGES} pages; the server's "next" links do not end.`, 'malformed');
  const nextUrl = checkedUrl(new URL(next, current).href, 'The next-page link');
  // The API key goes only to the host it was set up for.
  if (nextUrl.origin !== base.origin) {
    throw new ConnectorError(`Connection "${ctx.connection}": the next-page link of ${what} points to another host (${shortUrl(nextUrl)}); the API key is only sent to ${base.origin}.`, 'malformed');
  }
  return nextUrl;
}

async function* pull(ctx: ConnectorContext): AsyncGenerator<RecordBatch> {
  const base = baseUrlOf(text(ctx, 'host') || GREENHOUSE_HOST, 'The setting "host"');
  const resource = requiredText(ctx, 'resource', 'candidates or applications');
  if (!(RESOURCES as readonly string[]).includes(resource)) {
    throw new ConnectorError(`Connection "${ctx.connection}": the setting "resource" is "${resource.slice(0, 40)}"; use candidates or applications.`, 'settings');
  }
  const perPage = Number(text(ctx, 'perPage', '500'));
  if (!Number.isInteger(perPage) || perPage < 1) throw new ConnectorError(`Connection "${ctx.connection}": "perPage" must be a whole number from 1 (Greenhouse allows at most 500).`, 'settings');
  const headers = { Authorization: basicAuth(ctx.http, secret(ctx, 'apiKey', 'the Harvest API key'), '') };
  const credential = 'the Greenhouse Harvest API key (secret "apiKey")';
  let url = new URL(`${base.pathname.replace(/\/$/, '')}/v1/${resource}`, base);
  url.searchParams.set('per_page', String(perPage));
  const after = text(ctx, 'updatedAfter');
  if (after) url.searchParams.set('updated_after', after);
  // The next page is requested as soon as this one has arrived, while the caller converts and writes this
  // one: still one request at a time (rate limits and retries as before), but no idle wait between pages.
  const ahead = new AbortController();
  const fetchPage = (pageUrl: URL, page: number) => {
    const what = `page ${page} of ${resource}`;
    const p = fetchJsonPage(ctx.http, { url: pageUrl, headers, credential, what, signal: ahead.signal }, { connection: ctx.connection, what, page, path: [] });
    p.catch(() => undefined); // a failure is reported where the page is awaited (never, if the caller stopped)
    return { what, result: p };
  };
  let pending: ReturnType<typeof fetchPage> | undefined = fetchPage(url, 1);
  try {
    for (let page = 1; pending; page++) {
      const { what, result } = pending;
      const { batch, res } = await result;
      pending = undefined;
      ctx.progress?.({ pages: page, records: 0, note: `${what}: ${batch.records.length} records` });
      const next = nextLink(res.headers.get('link'));
      // A bad next link is reported after this page's records, as a page that fails to arrive would be.
      let refused: unknown;
      if (next) {
        try {
          url = nextPageUrl(next, url, page, what, ctx, base);
          pending = fetchPage(url, page + 1);
        } catch (e) {
          refused = e;
        }
      }
      yield batch;
      if (refused) throw refused;
    }
  } finally {
    // Stopped early (a connection test reads only the first records): the page fetched ahead is not wanted.
    ahead.abort();
  }
}

export const greenhouseConnector: ConnectorDefinition = {
  kind: 'greenhouse',
  title: 'Greenhouse Harvest',
  summary: 'Reads candidates or applications from the Greenhouse Harvest API (for resume screening).',
  settings: [
    { key: 'resource', label: 'Records', kind: 'enum', options: RESOURCES, default: 'candidates', help: 'candidates or applications.' },
    { key: 'perPage', label: 'Records per page', kind: 'string', default: '500', help: 'Page size (Greenhouse allows 1–500).' },
    { key: 'updatedAfter', label: 'Updated after', kind: 'string', placeholder: '2026-01-01T00:00:00Z', help: 'Only records changed after this ISO 8601 time (optional).' },
    { key: 'host', label: 'API host', kind: 'url', default: GREENHOUSE_HOST, help: 'Leave as it is for Greenhouse itself (https only).' },
    { key: 'apiKey', label: 'Harvest API key', kind: 'secret', required: true, help: 'A Harvest API key (Configure → Dev Center → API Credential Management) with GET permission for candidates/applications.' },
  ],
  test: (ctx) => firstRecordsTest(ctx, pull(ctx), `the ${text(ctx, 'resource', 'candidates')}`),
  pull,
};
