/** BambooHR's API as documented: /api/gateway.php/{company}/v1/…, Basic auth "<api key>:x". */
import { basicUser, sendJson, startStandIn, unauthorized, type StandIn } from './stand-in-server.ts';
import type { StandInEmployee } from './hr-data.ts';

export interface BambooTables {
  [table: string]: Array<Record<string, unknown>>;
}

export function bambooDirectory(employees: StandInEmployee[]) {
  return {
    fields: [
      { id: 'displayName', type: 'text', name: 'Display name' },
      { id: 'department', type: 'list', name: 'Department' },
      { id: 'location', type: 'list', name: 'Location' },
    ],
    employees: employees.map((e) => ({ id: e.id, displayName: e.displayName, department: e.department, location: e.location, photoUploaded: false })),
  };
}

export async function startBambooStandIn(o: { company: string; apiKey: string; employees: StandInEmployee[]; tables?: BambooTables }): Promise<StandIn> {
  const root = `/api/gateway.php/${o.company}/v1`;
  return startStandIn((req, res) => {
    if (basicUser(req) !== o.apiKey) return unauthorized(res);
    const url = new URL(req.url, 'http://x');
    if (req.method === 'GET' && url.pathname === `${root}/employees/directory`) return sendJson(res, bambooDirectory(o.employees));
    if (req.method === 'POST' && url.pathname === `${root}/reports/custom` && url.searchParams.get('format') === 'JSON') {
      const body = JSON.parse(req.body) as { fields: string[] };
      const all: Record<string, (e: StandInEmployee) => unknown> = {
        id: (e) => e.id,
        department: (e) => e.department,
        gender: (e) => e.gender,
        age: (e) => String(e.age),
        hireDate: (e) => e.hireDate,
        location: (e) => e.location,
        displayName: (e) => e.displayName,
      };
      return sendJson(res, {
        title: 'report',
        fields: body.fields.map((f) => ({ id: f, type: 'text', name: f })),
        employees: o.employees.map((e) => Object.fromEntries(body.fields.map((f) => [f, all[f] ? all[f](e) : null]))),
      });
    }
    const t = new RegExp(`^${root}/employees/all/tables/([A-Za-z0-9_]+)$`).exec(url.pathname);
    if (req.method === 'GET' && t) {
      const rows = o.tables?.[t[1]];
      if (!rows) {
        res.writeHead(404, { 'Content-Type': 'application/json' });
        return res.end(JSON.stringify({ error: `no table ${t[1]}` }));
      }
      return sendJson(res, rows);
    }
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    res.end('not found');
  });
}

/** Compensation history rows as BambooHR returns them (rate as { value, currency }). */
export function bambooCompensation(employees: StandInEmployee[]): Array<Record<string, unknown>> {
  const rows: Array<Record<string, unknown>> = [];
  employees.forEach((e, i) => {
    rows.push({ id: String(2 * i + 1), employeeId: e.id, startDate: e.hireDate, rate: { value: `${e.salary}.00`, currency: 'EUR' }, type: 'Salary', paidPer: 'Year', reason: 'New Hire' });
    rows.push({ id: String(2 * i + 2), employeeId: e.id, startDate: '2024-01-01', rate: { value: `${Math.round(e.salary * 1.05)}.00`, currency: 'EUR' }, type: 'Salary', paidPer: 'Year', reason: 'Merit' });
  });
  return rows;
}
