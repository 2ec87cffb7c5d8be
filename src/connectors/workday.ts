/**
 * Workday Report-as-a-Service (RaaS): a custom report exposed as a web service, read as JSON from
 * GET https://{host}/ccx/service/customreport2/{tenant}/{owner}/{report}?format=json (rows under
 * "Report_Entry"). Authentication: an integration system user with basic auth, or an OAuth 2 bearer token
 * (from an API client registered in the tenant). Report prompts travel as query parameters.
 */
import { basicAuth } from './http-client.ts';
import { streamJsonRecords } from './json-records.ts';
import { map, requiredText, secret, segment, text } from './settings.ts';
import { firstRecordsTest } from './test-by-sample.ts';
import type { ConnectorContext, ConnectorDefinition, RecordBatch } from './types.ts';
import { baseUrlOf } from './url-policy.ts';

function request(ctx: ConnectorContext) {
  const base = baseUrlOf(requiredText(ctx, 'host', 'the Workday services host'), 'The setting "host"');
  const tenant = segment(ctx, 'tenant', requiredText(ctx, 'tenant', 'the tenant name'));
  const owner = segment(ctx, 'owner', requiredText(ctx, 'owner', "the report owner's user name"));
  const report = segment(ctx, 'report', requiredText(ctx, 'report', 'the report name'));
  const url = new URL(`${base.pathname.replace(/\/$/, '')}/ccx/service/customreport2/${tenant}/${owner}/${report}`, base);
  for (const [k, v] of Object.entries(map(ctx, 'prompts'))) url.searchParams.set(k, v);
  url.searchParams.set('format', 'json');
  const auth = text(ctx, 'auth', 'basic');
  let authorization: string;
  let credential: string;
  if (auth === 'bearer') {
    authorization = `Bearer ${secret(ctx, 'token', 'the OAuth 2 access token')}`;
    credential = 'the OAuth 2 access token (secret "token")';
  } else {
    const user = requiredText(ctx, 'username', 'the integration system user');
    authorization = basicAuth(ctx.http, user, secret(ctx, 'password', "the integration system user's password"));
    credential = `the password of integration system user "${user}" (secret "password")`;
  }
  return { url, headers: { Authorization: authorization }, credential, report: decodeURIComponent(report) };
}

async function* pull(ctx: ConnectorContext): AsyncGenerator<RecordBatch> {
  const r = request(ctx);
  yield* streamJsonRecords(ctx.http, { url: r.url, headers: r.headers, what: `report "${r.report}"`, credential: r.credential }, {
    connection: ctx.connection,
    what: `report "${r.report}"`,
    page: 1,
    path: ['Report_Entry'],
  });
}

export const workdayConnector: ConnectorDefinition = {
  kind: 'workday',
  title: 'Workday (Report-as-a-Service)',
  summary: 'Reads a Workday custom report exposed as a web service (RaaS), as JSON.',
  settings: [
    { key: 'host', label: 'Services host', kind: 'url', required: true, placeholder: 'wd2-impl-services1.workday.com', help: 'The host of your tenant\'s web services, from the report\'s "Web Service" URL (https only).' },
    { key: 'tenant', label: 'Tenant', kind: 'string', required: true, help: 'The tenant name in the report URL, e.g. acme_corp.' },
    { key: 'owner', label: 'Report owner', kind: 'string', required: true, help: 'The user name that owns the custom report (the segment after the tenant in the URL).' },
    { key: 'report', label: 'Report name', kind: 'string', required: true, help: 'The custom report\'s web-service name, e.g. CF_Worker_Snapshot. The report must be enabled as a web service.' },
    { key: 'prompts', label: 'Report prompts', kind: 'map', help: 'Prompt values as name = value pairs, sent as query parameters (e.g. Effective_as_of_Date = 2026-12-01).' },
    { key: 'auth', label: 'Authentication', kind: 'enum', options: ['basic', 'bearer'], default: 'basic', help: 'basic: an integration system user and password; bearer: an OAuth 2 access token of an API client.' },
    { key: 'username', label: 'Integration system user', kind: 'string', when: { key: 'auth', values: ['basic'] }, help: 'The integration system user (ISU) that may run the report, e.g. ISU_Crispflow@acme_corp.' },
    { key: 'password', label: 'Password', kind: 'secret', when: { key: 'auth', values: ['basic'] }, help: "The integration system user's password." },
    { key: 'token', label: 'Access token', kind: 'secret', when: { key: 'auth', values: ['bearer'] }, help: 'An OAuth 2 bearer token for the report.' },
  ],
  test: (ctx) => firstRecordsTest(ctx, pull(ctx), 'the report'),
  pull,
};
