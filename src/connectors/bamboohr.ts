/**
 * BambooHR (https://api.bamboohr.com/api/gateway.php/{company}/v1/…), basic auth with the API key as the
 * user name and any password ("x"):
 * - the employee directory: GET /v1/employees/directory → { fields: [...], employees: [...] }
 * - a custom report: POST /v1/reports/custom?format=JSON with { title, fields: [...] } → { fields, employees }
 * - a history table of every employee: GET /v1/employees/all/tables/{table} → [ { id, employeeId, … } ]
 *   (jobInfo, compensation, employmentStatus …: the dated rows that as-of joins need)
 */
import { basicAuth } from './http-client.ts';
import { streamJsonRecords, type JsonSource } from './json-records.ts';
import { list, requiredText, secret, segment, text } from './settings.ts';
import { firstRecordsTest } from './test-by-sample.ts';
import { ConnectorError, type ConnectorContext, type ConnectorDefinition, type RecordBatch } from './types.ts';
import { baseUrlOf } from './url-policy.ts';
import type { HttpRequest } from './http-client.ts';

export const BAMBOOHR_HOST = 'https://api.bamboohr.com';
const TABLE_NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

function plan(ctx: ConnectorContext): { req: HttpRequest; src: JsonSource } {
  const base = baseUrlOf(text(ctx, 'host') || BAMBOOHR_HOST, 'The setting "host"');
  const company = segment(ctx, 'company', requiredText(ctx, 'company', 'the company subdomain'));
  const root = `${base.pathname.replace(/\/$/, '')}/api/gateway.php/${company}/v1`;
  const headers = { Authorization: basicAuth(ctx.http, secret(ctx, 'apiKey', 'the BambooHR API key'), 'x'), Accept: 'application/json' };
  const credential = 'the BambooHR API key (secret "apiKey")';
  const dataset = text(ctx, 'dataset', 'directory');
  if (dataset === 'directory') {
    const what = 'the employee directory';
    return { req: { url: new URL(`${root}/employees/directory`, base), headers, credential, what }, src: { connection: ctx.connection, what, page: 1, path: ['employees'], fieldsPath: ['fields'] } };
  }
  if (dataset === 'report') {
    const fields = list(ctx, 'fields');
    if (fields.length === 0) throw new ConnectorError(`Connection "${ctx.connection}": a custom report needs its fields (setting "fields", e.g. id, department, gender, hireDate).`, 'settings');
    const url = new URL(`${root}/reports/custom`, base);
    url.searchParams.set('format', 'JSON');
    const onlyCurrent = text(ctx, 'onlyCurrent', 'false');
    url.searchParams.set('onlyCurrent', onlyCurrent === 'true' ? 'true' : 'false');
    const what = 'the custom report';
    return {
      req: { url, method: 'POST', headers: { ...headers, 'Content-Type': 'application/json' }, body: JSON.stringify({ title: 'Crispflow pull', fields }), credential, what },
      src: { connection: ctx.connection, what, page: 1, path: ['employees'], fieldsPath: ['fields'] },
    };
  }
  if (dataset === 'table') {
    const table = requiredText(ctx, 'table', 'the table name');
    if (!TABLE_NAME.test(table)) throw new ConnectorError(`Connection "${ctx.connection}": the table name "${table.slice(0, 64)}" is not a BambooHR table alias (letters, digits, _; e.g. jobInfo, compensation).`, 'settings');
    const what = `table "${table}"`;
    return { req: { url: new URL(`${root}/employees/all/tables/${table}`, base), headers, credential, what }, src: { connection: ctx.connection, what, page: 1, path: [] } };
  }
  throw new ConnectorError(`Connection "${ctx.connection}": the setting "dataset" is "${dataset.slice(0, 40)}"; use directory, report or table.`, 'settings');
}

async function* pull(ctx: ConnectorContext): AsyncGenerator<RecordBatch> {
  const { req, src } = plan(ctx);
  yield* streamJsonRecords(ctx.http, req, src);
}

export const bambooHrConnector: ConnectorDefinition = {
  kind: 'bamboohr',
  title: 'BambooHR',
  summary: 'Reads the employee directory, a custom report or a history table (job info, compensation) from BambooHR.',
  settings: [
    { key: 'company', label: 'Company subdomain', kind: 'string', required: true, placeholder: 'acme', help: 'The part before .bamboohr.com in the address you sign in at.' },
    { key: 'dataset', label: 'Data', kind: 'enum', options: ['directory', 'report', 'table'], default: 'directory', help: 'directory: the employee directory; report: a custom report of the fields you list; table: a history table of every employee (jobInfo, compensation, employmentStatus …).' },
    { key: 'fields', label: 'Report fields', kind: 'list', when: { key: 'dataset', values: ['report'] }, help: 'Field names for the custom report, separated by commas, e.g. id, department, gender, dateOfBirth, hireDate, location.' },
    { key: 'onlyCurrent', label: 'Current values only', kind: 'enum', options: ['false', 'true'], default: 'false', when: { key: 'dataset', values: ['report'] }, help: 'true leaves out future-dated changes.' },
    { key: 'table', label: 'Table', kind: 'string', when: { key: 'dataset', values: ['table'] }, placeholder: 'compensation', help: 'The table alias, e.g. jobInfo, compensation or employmentStatus.' },
    { key: 'host', label: 'API host', kind: 'url', default: BAMBOOHR_HOST, help: 'Leave as it is for BambooHR itself (https only).' },
    { key: 'apiKey', label: 'API key', kind: 'secret', required: true, help: 'An API key made in BambooHR (your name → API Keys); it has the permissions of the user who made it.' },
  ],
  test: (ctx) => firstRecordsTest(ctx, pull(ctx), plan(ctx).src.what),
  pull,
};
